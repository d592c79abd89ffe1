package acs.sim;

/** The host endpoints: hosts belong to no service, so every key sees them all. */
final class HostHandlers {
    private HostHandlers() {}

    static Object list(Call c) {
        return c.store().hosts();
    }

    static Object get(Call c) {
        return c.store().host(c.id("host_id"));
    }
}
