package acs.sim;

import acs.Activity;
import acs.Command;
import acs.CommandStatus;
import acs.Container;
import acs.ContainerStatus;
import acs.DeployMethod;
import acs.Node;
import acs.NodeStatus;
import acs.Step;
import acs.wire.ApiTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The life of one command as a pure function of its record and a time: no thread per command.
 * With D the command duration, from creation: CREATED, PUBLISHED at D/10, RUNNING at 2D/10
 * (PrepareParams and its steps until 3D/10), then the container work until D: all containers
 * over [3D/10, D) for PARALLEL, one slot of 7D/10n each, one after the other, for SEQUENTIAL.
 * Within a container's slot: a start goes STOPPING (first third, skipped if it was not
 * RUNNING) then STARTING then RUNNING; with update the old container is STOPPING for a quarter,
 * then its replacement (new id) is ALLOCATING, ALLOCATED, STARTING, then RUNNING; a stop goes
 * STOPPING then STOPPED. Steps appear as they complete, spread evenly over their activity.
 */
final class Timeline {
    private final CommandRecord c;
    private final long created, published, running, prepared, end;
    private final int n;

    Timeline(CommandRecord c) {
        this.c = c;
        long d = c.duration();
        created = c.createdAt();
        published = created + d / 10;
        running = created + d * 2 / 10;
        prepared = created + d * 3 / 10;
        end = created + d;
        n = c.targets().size();
    }

    /** When the command ends (becomes terminal); {@link Long#MAX_VALUE} if never. */
    long endTime() {
        return switch (c.fault()) {
            case PUBLISH_FAILED -> published;
            case RESULT_FAILED -> prepared;
            case NEVER_FINISHES -> Long.MAX_VALUE;
            default -> end;
        };
    }

    boolean terminal(long t) {
        return t >= endTime();
    }

    /** Whether the command ended as a success. */
    boolean succeeded() {
        return c.fault() == CommandFault.NONE;
    }

    /** The time as the command's progress sees it: frozen at the end, or half-way for NEVER_FINISHES. */
    private long effective(long t) {
        if (c.fault() == CommandFault.NEVER_FINISHES) return Math.min(t, prepared + (end - prepared) / 2);
        return Math.min(t, endTime());
    }

    private long slotStart(int i) {
        return c.method() == DeployMethod.SEQUENTIAL ? prepared + (end - prepared) * i / n : prepared;
    }

    private long slotEnd(int i) {
        return c.method() == DeployMethod.SEQUENTIAL ? prepared + (end - prepared) * (i + 1) / n : end;
    }

    private boolean touchesContainers() {
        return c.fault() != CommandFault.PUBLISH_FAILED && c.fault() != CommandFault.RESULT_FAILED;
    }

    /** Whether target i is the container that fails (START_FAILED: the last one touched). */
    private boolean failing(int i) {
        return c.fault() == CommandFault.START_FAILED && i == n - 1;
    }

    static OffsetDateTime time(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).atOffset(ApiTime.ZONE);
    }

    // ---- the command ----

    CommandStatus status(long t) {
        if (terminal(t)) return c.fault() == CommandFault.PUBLISH_FAILED ? CommandStatus.PUBLISH_FAILED : CommandStatus.DONE;
        if (c.fault() == CommandFault.PUBLISH_FAILED) return CommandStatus.CREATED;
        long e = effective(t);
        return e >= running ? CommandStatus.RUNNING : e >= published ? CommandStatus.PUBLISHED : CommandStatus.CREATED;
    }

    Command command(long t) {
        CommandStatus status = status(t);
        boolean done = terminal(t);
        String result = "";
        String resultMsg = "";
        if (status == CommandStatus.PUBLISH_FAILED) {
            resultMsg = "publish failed: the agents of node " + c.nodeId() + " did not answer (simulated fault PUBLISH_FAILED)";
        } else if (done) {
            result = succeeded() ? "200" : "500";
            if (c.fault() == CommandFault.RESULT_FAILED) resultMsg = "PrepareParams failed: " + prepareFailure();
            if (c.fault() == CommandFault.START_FAILED) {
                resultMsg = containerActivity() + " failed on container " + finalId(n - 1) + ": " + containerFailure();
            }
        }
        return new Command(c.commandId(), c.kind().wire, status, result, resultMsg, time(created),
                done ? time(endTime()) : null, activities(t));
    }

    private List<Activity> activities(long t) {
        List<Activity> out = new ArrayList<>();
        if (c.fault() == CommandFault.PUBLISH_FAILED) return out;
        long e = effective(t);
        if (e < running) return out;
        List<String> prep = prepareSteps();
        boolean prepFails = c.fault() == CommandFault.RESULT_FAILED;
        out.add(activity("PrepareParams", prep, running, prepared, e, prepFails, prepFails ? prepareFailure() : ""));
        if (!touchesContainers()) return out;
        for (int i = 0; i < n; i++) {
            long s = slotStart(i);
            if (e < s) break;
            out.add(activity(containerActivity(), containerSteps(), s, slotEnd(i), e, failing(i),
                    failing(i) ? containerFailure() : ""));
        }
        return out;
    }

    private Activity activity(String name, List<String> stepNames, long from, long to, long e, boolean fails, String failMsg) {
        // a failing activity stops at its failing step: the chosen one when it has it, else its last
        int k = fails && c.failStep() != null && stepNames.contains(c.failStep()) ? stepNames.indexOf(c.failStep()) + 1 : stepNames.size();
        List<Step> steps = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            long at = from + (to - from) * (j + 1) / k;
            if (e < at) break;
            boolean failed = fails && j == k - 1;
            steps.add(new Step(stepNames.get(j), failed ? "500" : "200", failed ? failMsg : ""));
        }
        boolean complete = steps.size() == k;
        return new Activity(c.commandId(), name, complete ? (fails ? "500" : "200") : "", steps, time(from),
                complete ? time(to) : null);
    }

    private List<String> prepareSteps() {
        return switch (c.kind()) {
            case DEPLOY -> List.of("check params", "download package");
            case HISTORY -> List.of("check params", "load package version " + c.version());
            case START -> c.imageName().isEmpty() ? List.of("check params") : List.of("check params", "check image");
            default -> List.of("check params");
        };
    }

    private String prepareFailure() {
        return switch (c.kind()) {
            case DEPLOY -> "download of " + c.url() + " failed: HTTP 404 Not Found (simulated fault RESULT_FAILED)";
            case HISTORY -> "package version " + c.version() + " could not be loaded (simulated fault RESULT_FAILED)";
            case START -> c.imageName().isEmpty() ? "parameters rejected (simulated fault RESULT_FAILED)"
                    : "image " + c.imageName() + " not found (simulated fault RESULT_FAILED)";
            default -> "parameters rejected (simulated fault RESULT_FAILED)";
        };
    }

    private String containerActivity() {
        return c.kind().starts ? "StartContainer" : "StopContainer";
    }

    private List<String> containerSteps() {
        List<String> s = new ArrayList<>();
        switch (c.kind()) {
            case STOP, CONTAINER_STOP -> s.add("stop container");
            case DELETE -> { s.add("stop container"); s.add("remove container"); }
            case CONTAINER_START -> s.add("start container");
            default -> {
                if (c.update()) {
                    s.add("allocate resources");
                    s.add("pull image");
                    s.add("create container");
                } else {
                    s.add("pull image");
                    s.add("stop container");
                }
                if (c.kind() != CommandRecord.Kind.START) s.add("deploy package");
                s.add("start container");
            }
        }
        return s;
    }

    private String containerFailure() {
        return c.kind().starts ? "container exited with code 1 while starting (simulated fault START_FAILED)"
                : "container did not stop within 30 s (simulated fault START_FAILED)";
    }

    private long finalId(int i) {
        return c.update() && c.kind().starts && i < c.newIds().size() ? c.newIds().get(i) : c.targets().get(i);
    }

    // ---- the node and its containers ----

    /** The node as it looks at time t while (or once) this command runs on it. */
    Node node(Node base, long t) {
        boolean done = terminal(t);
        NodeStatus status = base.status();
        String imageName = base.imageName();
        CommandRecord.Kind k = c.kind();
        if (k == CommandRecord.Kind.DELETE && !(done && c.fault() != CommandFault.NONE)) {
            status = NodeStatus.DELETING;
        } else if (done) {
            boolean started = c.fault() == CommandFault.NONE || c.fault() == CommandFault.START_FAILED;
            if ((k == CommandRecord.Kind.DEPLOY || k == CommandRecord.Kind.HISTORY || k == CommandRecord.Kind.START) && started) {
                status = NodeStatus.RUNNING;
            } else if (k == CommandRecord.Kind.STOP && succeeded()) {
                status = NodeStatus.STOPPED;
            }
            if (k == CommandRecord.Kind.START && succeeded() && !c.imageName().isEmpty()) imageName = c.imageName();
        }
        List<Container> containers = new ArrayList<>(base.containers().size());
        for (Container b : base.containers()) {
            int i = c.targets().indexOf(b.id());
            containers.add(i < 0 ? b : container(b, i, t));
        }
        return new Node(base.id(), base.name(), imageName, status, base.serviceId(), base.createTime(), containers);
    }

    private Container container(Container b, int i, long t) {
        if (!touchesContainers()) return b;
        long e = effective(t);
        long s = slotStart(i);
        long se = slotEnd(i);
        long w = se - s;
        if (e < s) return b;
        boolean complete = e >= se;
        boolean fails = failing(i);
        if (c.kind().starts && c.update() && i < c.newIds().size()) {
            long born = s + w / 4;
            if (e < born) return with(b, ContainerStatus.STOPPING, b.startTime(), b.stopTime());
            ContainerStatus st = e < s + w / 2 ? ContainerStatus.ALLOCATING : e < s + w * 3 / 4 ? ContainerStatus.ALLOCATED
                    : !complete ? ContainerStatus.STARTING : fails ? ContainerStatus.STARTFAILED : ContainerStatus.RUNNING;
            return new Container(c.newIds().get(i), b.nodeId(), st, time(born), complete && !fails ? time(se) : null, null,
                    b.hostId(), b.cpu(), b.mem(), b.disk(), "");
        }
        if (c.kind().starts) {
            boolean wasRunning = b.status() == ContainerStatus.RUNNING;
            long starting = wasRunning ? s + w / 3 : s;
            ContainerStatus st = e < starting ? ContainerStatus.STOPPING : !complete ? ContainerStatus.STARTING
                    : fails ? ContainerStatus.STARTFAILED : ContainerStatus.RUNNING;
            OffsetDateTime stop = wasRunning && e >= starting ? time(starting) : b.stopTime();
            return with(b, st, complete && !fails ? time(se) : b.startTime(), stop);
        }
        if (b.status() == ContainerStatus.STOPPED) return b;
        ContainerStatus st = !complete ? ContainerStatus.STOPPING : fails ? ContainerStatus.STOPFAILED : ContainerStatus.STOPPED;
        return with(b, st, b.startTime(), complete && !fails ? time(se) : b.stopTime());
    }

    private static Container with(Container b, ContainerStatus st, OffsetDateTime start, OffsetDateTime stop) {
        return new Container(b.id(), b.nodeId(), st, b.createTime(), start, stop, b.hostId(), b.cpu(), b.mem(), b.disk(), b.health());
    }
}
