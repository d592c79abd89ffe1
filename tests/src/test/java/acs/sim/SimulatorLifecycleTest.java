package acs.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import acs.Activity;
import acs.ApiException;
import acs.Command;
import acs.CommandStatus;
import acs.Container;
import acs.ContainerStatus;
import acs.DeployMethod;
import acs.ErrorCode;
import acs.HistoryStart;
import acs.Node;
import acs.NodeStart;
import acs.NodeStatus;
import acs.Step;
import acs.UploadStart;
import acs.WaitOptions;
import acs.client.AcsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every transition of API.md §8, observed over HTTP at moments chosen on the simulator's clock. */
class SimulatorLifecycleTest {
    static final long NODE = 610474;
    static final String URL = "http://repo.example.com/app-1.2.war";
    static final WaitOptions FAST = WaitOptions.timeout(Duration.ofSeconds(20)).withDelays(Duration.ofMillis(10), Duration.ofMillis(50));

    final ManualClock clock = new ManualClock();
    Duration duration;
    Simulator sim;

    Simulator sim(Duration commandDuration) {
        duration = commandDuration;
        sim = Simulator.start(SimConfig.defaults().withCommandDuration(commandDuration).withClock(clock));
        return sim;
    }

    @AfterEach void stop() {
        if (sim != null) sim.close();
    }

    /** Moves the clock past the command's end, then waits for it as a client does. */
    Command waitFor(Command c) {
        clock.advance(duration);
        return sim.client().waitFor(c.commandId(), FAST);
    }

    /** Moves the clock through the command in steps of a hundredth of its duration; {@code look} sees it at each. */
    Command step(Command c, Consumer<Command> look) {
        for (int i = 0; i <= 200; i++) {
            Command now = sim.client().command(c.commandId());
            look.accept(now);
            if (now.status().isTerminal()) return now;
            clock.advance(duration.dividedBy(100));
        }
        throw new AssertionError("command " + c.commandId() + " did not end within twice its duration");
    }

    /** Steps through the command, recording every distinct snapshot of the node's containers. */
    List<List<Container>> observe(Command c) {
        List<List<Container>> seen = new ArrayList<>();
        AcsClient acs = sim.client();
        step(c, command -> {
            List<Container> now = acs.node(NODE).containers();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) seen.add(now);
        });
        return seen;
    }

    static List<ContainerStatus> statuses(List<Container> cs) {
        return cs.stream().map(Container::status).toList();
    }

    @Test void deployLifeOfACommand() {
        AcsClient acs = sim(Duration.ofMillis(600)).client();
        Command c = acs.uploadStart(NODE, UploadStart.of(URL));
        assertThat(c.name()).isEqualTo("node_upload_start");
        assertThat(c.status()).isEqualTo(CommandStatus.CREATED);
        assertThat(c.result()).isEmpty();
        assertThat(c.endTime()).isNull();
        assertThat(c.activities()).isEmpty();
        assertThat(c.commandId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        Set<CommandStatus> statuses = new LinkedHashSet<>();
        List<String> activityNames = new ArrayList<>();
        Command done = step(c, now -> {
            statuses.add(now.status());
            if (now.activities().size() > activityNames.size()) {
                activityNames.clear();
                now.activities().forEach(a -> activityNames.add(a.name()));
            }
        });
        assertThat(statuses).containsSubsequence(CommandStatus.RUNNING, CommandStatus.DONE);
        assertThat(statuses).doesNotContain(CommandStatus.PUBLISH_FAILED);
        assertThat(done.succeeded()).isTrue();
        assertThat(done.result()).isEqualTo("200");
        assertThat(done.resultMsg()).isEmpty();
        assertThat(done.endTime()).isNotNull().isAfterOrEqualTo(done.createTime());
        assertThat(done.activities()).extracting(Activity::name).containsExactly("PrepareParams", "StartContainer", "StartContainer");
        assertThat(done.activities()).allSatisfy(a -> {
            assertThat(a.code()).isEqualTo("200");
            assertThat(a.commandId()).isEqualTo(c.commandId());
            assertThat(a.steps()).isNotEmpty().allSatisfy(s -> assertThat(s.status()).isEqualTo("200"));
            assertThat(a.endTime()).isNotNull();
        });
        assertThat(done.activities().get(1).steps()).extracting(Step::stepName).contains("pull image", "start container");
        Node n = acs.node(NODE);
        assertThat(n.status()).isEqualTo(NodeStatus.RUNNING);
        assertThat(n.containers()).extracting(Container::id).containsExactly(16634L, 16636L);
        assertThat(n.containers()).allSatisfy(x -> {
            assertThat(x.status()).isEqualTo(ContainerStatus.RUNNING);
            assertThat(x.startTime()).isAfterOrEqualTo(x.stopTime());
        });
    }

    @Test void parallelTouchesAllContainersAtOnce() {
        AcsClient acs = sim(Duration.ofMillis(1500)).client();
        Command c = acs.uploadStart(NODE, UploadStart.of(URL).withMethod(DeployMethod.PARALLEL));
        List<List<Container>> seen = observe(c);
        assertThat(seen).anySatisfy(cs -> assertThat(statuses(cs)).doesNotContain(ContainerStatus.RUNNING));
        assertThat(seen).anySatisfy(cs -> assertThat(statuses(cs)).containsOnly(ContainerStatus.STARTING));
        assertThat(seen).flatExtracting(SimulatorLifecycleTest::statuses).contains(ContainerStatus.STOPPING, ContainerStatus.STARTING);
        assertThat(statuses(seen.get(seen.size() - 1))).containsOnly(ContainerStatus.RUNNING);
    }

    @Test void sequentialTouchesOneContainerAtATime() {
        AcsClient acs = sim(Duration.ofMillis(1500)).client();
        Command c = acs.uploadStart(NODE, UploadStart.of(URL).withMethod(DeployMethod.SEQUENTIAL));
        List<List<Container>> seen = observe(c);
        // never both out of service; each one seen working while the other serves
        assertThat(seen).allSatisfy(cs -> assertThat(statuses(cs)).contains(ContainerStatus.RUNNING));
        assertThat(seen).anySatisfy(cs -> assertThat(cs.get(0).status()).isIn(ContainerStatus.STOPPING, ContainerStatus.STARTING));
        assertThat(seen).anySatisfy(cs -> assertThat(cs.get(1).status()).isIn(ContainerStatus.STOPPING, ContainerStatus.STARTING));
        // the first container is done before the second begins
        int firstBusy = indexOf(seen, 0), secondBusy = indexOf(seen, 1);
        assertThat(firstBusy).isLessThan(secondBusy);
        Command done = acs.command(c.commandId());
        assertThat(done.activities()).extracting(Activity::name).containsExactly("PrepareParams", "StartContainer", "StartContainer");
        assertThat(done.activities().get(1).endTime()).isBeforeOrEqualTo(done.activities().get(2).createTime());
    }

    private static int indexOf(List<List<Container>> seen, int container) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).get(container).status() != ContainerStatus.RUNNING) return i;
        }
        return -1;
    }

    @Test void updateRecreatesContainersWithNewIds() {
        AcsClient acs = sim(Duration.ofMillis(1500)).client();
        List<Long> before = acs.node(NODE).containers().stream().map(Container::id).toList();
        Command c = acs.uploadStart(NODE, UploadStart.of(URL).withUpdate(true));
        List<List<Container>> seen = observe(c);
        assertThat(seen).flatExtracting(SimulatorLifecycleTest::statuses)
                .containsAnyOf(ContainerStatus.ALLOCATING, ContainerStatus.ALLOCATED);
        assertThat(seen).flatExtracting(SimulatorLifecycleTest::statuses).contains(ContainerStatus.STARTING);
        waitFor(c);
        Node n = acs.node(NODE);
        List<Long> after = n.containers().stream().map(Container::id).toList();
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before).doesNotHaveDuplicates();
        assertThat(n.containers()).allSatisfy(x -> {
            assertThat(x.status()).isEqualTo(ContainerStatus.RUNNING);
            assertThat(x.nodeId()).isEqualTo(NODE);
            assertThat(x.hostId()).isEqualTo(3505);
            assertThat(x.stopTime()).isNull();
        });
        assertThat(acs.container(after.get(0)).id()).isEqualTo(after.get(0));
        assertThatThrownBy(() -> acs.container(before.get(0)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
        assertThat(acs.containers()).extracting(Container::id).containsAll(after).doesNotContainAnyElementsOf(before);
    }

    @Test void versionsAreRecordedAndHistoryStartRedeploysOne() {
        AcsClient acs = sim(Duration.ofMillis(200)).client();
        waitFor(acs.uploadStart(NODE, UploadStart.of("http://repo.example.com/app-1.0.war").withComment("first")));
        waitFor(acs.uploadStart(NODE, UploadStart.of("http://repo.example.com/app-1.1.war")));
        assertThat(sim.state().versions(NODE)).extracting(PackageVersion::version, PackageVersion::url, PackageVersion::comment)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "http://repo.example.com/app-1.0.war", "first"),
                        org.assertj.core.groups.Tuple.tuple(2, "http://repo.example.com/app-1.1.war", ""));
        Command h = waitFor(acs.historyStart(NODE, HistoryStart.of("1").withMethod(DeployMethod.SEQUENTIAL)));
        assertThat(h.name()).isEqualTo("node_history_start");
        assertThat(h.succeeded()).isTrue();
        assertThat(sim.state().versions(NODE)).hasSize(2);
        assertThatThrownBy(() -> acs.historyStart(NODE, HistoryStart.of("3")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
        // versions are per node
        assertThatThrownBy(() -> acs.historyStart(610247, HistoryStart.of("1")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
    }

    @Test void oneCommandAtATimePerNode() {
        AcsClient acs = sim(Duration.ofSeconds(30)).client();
        acs.uploadStart(NODE, UploadStart.of(URL));
        for (Runnable action : List.<Runnable>of(
                () -> acs.uploadStart(NODE, UploadStart.of(URL)),
                () -> acs.stop(NODE, null),
                () -> acs.start(NODE, NodeStart.plain()),
                () -> acs.delete(NODE),
                () -> acs.containerStop(16634),
                () -> acs.containerStart(16636))) {
            assertThatThrownBy(action::run)
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATUS_ERROR));
        }
        // other nodes are not affected
        assertThat(acs.stop(610247, null).status()).isEqualTo(CommandStatus.CREATED);
    }

    @Test void deleteGoesThroughDeletingAndTheNodeIsGone() {
        AcsClient acs = sim(Duration.ofMillis(800)).client();
        Command c = acs.delete(NODE);
        assertThat(c.name()).isEqualTo("node_delete");
        assertThat(acs.node(NODE).status()).isEqualTo(NodeStatus.DELETING);
        assertThatThrownBy(() -> acs.start(NODE, NodeStart.plain()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATUS_ERROR));
        Command done = waitFor(c);
        assertThat(done.activities()).extracting(Activity::name).containsExactly("PrepareParams", "StopContainer", "StopContainer");
        assertThatThrownBy(() -> acs.node(NODE))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
        assertThat(acs.nodes()).extracting(Node::id).doesNotContain(NODE);
        assertThat(acs.service(12209).nodes()).isEmpty();
        assertThat(acs.containers()).extracting(Container::nodeId).doesNotContain(NODE);
        assertThatThrownBy(() -> acs.container(16634))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
        assertThatThrownBy(() -> acs.delete(NODE))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_NOT_EXIST));
        // the command itself stays readable
        assertThat(acs.command(c.commandId()).succeeded()).isTrue();
    }

    @Test void aNodeLoadedAsDeletingRefusesActions() {
        Node deleting = new Node(5, "线上", "img:1", NodeStatus.DELETING, 9, null, List.of());
        sim = Simulator.start(SimConfig.defaults().withSnapshot(List.of(), List.of(deleting)));
        assertThatThrownBy(() -> sim.client().stop(5, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATUS_ERROR));
    }

    @Test void stopThenStartWithANewImage() {
        AcsClient acs = sim(Duration.ofMillis(600)).client();
        Command stop = acs.stop(NODE, DeployMethod.SEQUENTIAL);
        assertThat(stop.name()).isEqualTo("node_stop");
        List<List<Container>> seen = observe(stop);
        assertThat(seen).flatExtracting(SimulatorLifecycleTest::statuses).contains(ContainerStatus.STOPPING);
        Command done = acs.command(stop.commandId());
        assertThat(done.succeeded()).isTrue();
        assertThat(done.activities()).extracting(Activity::name).containsExactly("PrepareParams", "StopContainer", "StopContainer");
        Node stopped = acs.node(NODE);
        assertThat(stopped.status()).isEqualTo(NodeStatus.STOPPED);
        assertThat(stopped.containers()).allSatisfy(x -> {
            assertThat(x.status()).isEqualTo(ContainerStatus.STOPPED);
            assertThat(x.stopTime()).isAfter(x.startTime());
        });

        Command start = acs.start(NODE, NodeStart.image("registry.acs.aliyun.com/open/tomcat7", "3.0.1"));
        assertThat(start.name()).isEqualTo("node_start");
        assertThat(acs.node(NODE).imageName()).isEqualTo("registry.acs.aliyun.com/open/tomcat7:3.0.0");
        assertThat(waitFor(start).succeeded()).isTrue();
        Node started = acs.node(NODE);
        assertThat(started.status()).isEqualTo(NodeStatus.RUNNING);
        assertThat(started.imageName()).isEqualTo("registry.acs.aliyun.com/open/tomcat7:3.0.1");
        assertThat(started.containers()).allSatisfy(x -> assertThat(x.status()).isEqualTo(ContainerStatus.RUNNING));
    }

    @Test void containerStartAndStopTouchOneContainer() {
        AcsClient acs = sim(Duration.ofMillis(300)).client();
        Command stop = waitFor(acs.containerStop(16636));
        assertThat(stop.name()).isEqualTo("container_stop");
        assertThat(stop.activities()).extracting(Activity::name).containsExactly("PrepareParams", "StopContainer");
        assertThat(acs.container(16636).status()).isEqualTo(ContainerStatus.STOPPED);
        assertThat(acs.container(16634).status()).isEqualTo(ContainerStatus.RUNNING);
        assertThat(acs.node(NODE).status()).isEqualTo(NodeStatus.RUNNING);
        Command start = waitFor(acs.containerStart(16636));
        assertThat(start.name()).isEqualTo("container_start");
        assertThat(acs.container(16636).status()).isEqualTo(ContainerStatus.RUNNING);
    }

    @Test void methodAndUpdateDefaultToParallelAndFalse() {
        sim(Duration.ofMillis(1200));
        Raw.Resp r = Raw.post(sim, "/api/v1/node/610474/uploadStart", "url", URL);
        assertThat(r.code()).isEqualTo("0");
        Command c = sim.client().command(r.data().path("commandId").asText());
        List<List<Container>> seen = observe(c);
        // PARALLEL: both containers out of service together at some point; no update: same ids
        assertThat(seen).anySatisfy(cs -> assertThat(statuses(cs)).doesNotContain(ContainerStatus.RUNNING));
        assertThat(seen).allSatisfy(cs -> assertThat(cs).extracting(Container::id).containsExactly(16634L, 16636L));
    }
}
