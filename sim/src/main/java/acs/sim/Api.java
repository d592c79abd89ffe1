package acs.sim;

import acs.sim.http.RouteTable;

/**
 * The endpoints of API.md §5, one line each: method, path, handler. A new endpoint is a line
 * here and a handler in the class of its resource. POST and DELETE change the state (the state
 * file is written after them); GET does not.
 */
final class Api {
    private Api() {}

    static final RouteTable<Call.Handler> ROUTES = new RouteTable<Call.Handler>()
            .get("node", NodeHandlers::list)
            .get("node/{id}", NodeHandlers::get)
            .delete("node/{id}", NodeHandlers::delete)
            .post("node/{id}/uploadStart", NodeHandlers::uploadStart)
            .post("node/{id}/historyStart", NodeHandlers::historyStart)
            .post("node/{id}/start", NodeHandlers::start)
            .post("node/{id}/stop", NodeHandlers::stop)
            .get("command/{id}", CommandHandlers::get)
            .get("service", ServiceHandlers::list)
            .get("service/{id}", ServiceHandlers::get)
            .get("container", ContainerHandlers::list)
            .get("container/{id}", ContainerHandlers::get)
            .post("container/{id}/start", ContainerHandlers::start)
            .post("container/{id}/stop", ContainerHandlers::stop)
            .get("image", ImageHandlers::list)
            .get("host", HostHandlers::list)
            .get("host/{id}", HostHandlers::get);
}
