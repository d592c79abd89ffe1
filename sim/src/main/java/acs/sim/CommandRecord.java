package acs.sim;

import acs.DeployMethod;
import java.util.List;

/**
 * What the simulator stores about a command: what was asked and when, never its progress.
 * Progress is derived from {@code createdAt} and the simulator's clock by {@link Timeline}, so a
 * restarted simulator (or a second process reading the state file) continues it correctly.
 * {@code failStep}: the step that fails under RESULT_FAILED or START_FAILED (null: the activity's last).
 */
record CommandRecord(String commandId, Kind kind, long nodeId, long serviceId, List<Long> targets, List<Long> newIds,
                     DeployMethod method, boolean update, long createdAt, long duration, CommandFault fault,
                     String url, String comment, String version, String imageName, String failStep) {

    CommandRecord {
        targets = targets == null ? List.of() : List.copyOf(targets);
        newIds = newIds == null ? List.of() : List.copyOf(newIds);
        method = method == null ? DeployMethod.PARALLEL : method;
        fault = fault == null ? CommandFault.NONE : fault;
        url = url == null ? "" : url;
        comment = comment == null ? "" : comment;
        version = version == null ? "" : version;
        imageName = imageName == null ? "" : imageName;
        failStep = failStep == null || failStep.isBlank() ? null : failStep;
    }

    /** The kinds of command, with their wire names (API.md §8). */
    enum Kind {
        DEPLOY("node_upload_start", true), HISTORY("node_history_start", true), START("node_start", true),
        STOP("node_stop", false), DELETE("node_delete", false),
        CONTAINER_START("container_start", true), CONTAINER_STOP("container_stop", false);

        final String wire;
        /** Starts containers (else stops them). */
        final boolean starts;

        Kind(String wire, boolean starts) {
            this.wire = wire;
            this.starts = starts;
        }
    }
}
