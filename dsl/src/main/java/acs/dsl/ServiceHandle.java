package acs.dsl;

import acs.ApiCall;
import acs.Node;
import acs.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * A service as a script sees it: {@code service(12209) { nodes.each { it.stop() } }}. The
 * read-only properties are those of the last fetch; {@link #refresh()} fetches again.
 */
public final class ServiceHandle {
    private final DslContext ctx;
    private volatile Service service;

    ServiceHandle(DslContext ctx, Service service) {
        this.ctx = ctx;
        this.service = service;
    }

    public long getId() { return service.id(); }
    public String getName() { return service.name(); }
    public String getImageName() { return service.imageName(); }
    public String getRegionDisplay() { return service.regionDisplay(); }

    /** The service as last fetched (the lib model). */
    public Service getModel() { return service; }

    /** Handles on the service's nodes, as last fetched. */
    public List<NodeHandle> getNodes() {
        List<NodeHandle> out = new ArrayList<>();
        for (Node n : service.nodes()) out.add(new NodeHandle(ctx, n.id(), n));
        return out;
    }

    public ServiceHandle refresh() {
        service = ctx.operations().call(ApiCall.service(service.id()));
        return this;
    }

    @Override public String toString() {
        return "service " + service.id() + (service.name().isEmpty() ? "" : " (" + service.name() + ")");
    }
}
