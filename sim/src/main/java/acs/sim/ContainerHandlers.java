package acs.sim;

/** The container endpoints: reading containers, and starting or stopping one (a command on its node). */
final class ContainerHandlers {
    private ContainerHandlers() {}

    static Object list(Call c) {
        return c.store().containers(c.key(), c.now());
    }

    static Object get(Call c) {
        return c.store().container(c.key(), c.id("container_id"), c.now());
    }

    static Object start(Call c) {
        return c.store().containerCommand(c.key(), c.id("container_id"), true, c.plans(), c.now());
    }

    static Object stop(Call c) {
        return c.store().containerCommand(c.key(), c.id("container_id"), false, c.plans(), c.now());
    }
}
