package acs.sim;

/** The service endpoints: services with their nodes, as far as the key may see them. */
final class ServiceHandlers {
    private ServiceHandlers() {}

    static Object list(Call c) {
        return c.store().services(c.key(), c.now());
    }

    static Object get(Call c) {
        return c.store().service(c.key(), c.id("service_id"), c.now());
    }
}
