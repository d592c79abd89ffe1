package acs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A long-running operation on a node, polled by {@link #commandId}. The wire name of
 * {@link #activities} is {@code activitys} (sic), kept verbatim in JSON.
 */
public record Command(String commandId, String name, CommandStatus status, String result, String resultMsg,
                      OffsetDateTime createTime, OffsetDateTime endTime,
                      @JsonProperty("activitys") List<Activity> activities) {
    public Command {
        commandId = commandId == null ? "" : commandId;
        name = name == null ? "" : name;
        status = status == null ? CommandStatus.UNKNOWN : status;
        result = result == null ? "" : result;
        resultMsg = resultMsg == null ? "" : resultMsg;
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    /** DONE with result "200" (real clients also required an empty resultMsg). */
    public boolean succeeded() {
        return status == CommandStatus.DONE && "200".equals(result) && resultMsg.isEmpty();
    }

    /** Terminal and not a success. */
    public boolean failed() {
        return status.isTerminal() && !succeeded();
    }

    /** The first activity or step that did not report "200", for error messages. */
    public Optional<String> failure() {
        for (Activity a : activities) {
            for (Step s : a.steps()) {
                if (!s.succeeded() && !s.status().isEmpty()) {
                    return Optional.of(a.name() + " / " + s.stepName() + " -> " + s.status()
                            + (s.msg().isEmpty() ? "" : ": " + s.msg()));
                }
            }
            if (!a.code().isEmpty() && !"200".equals(a.code())) {
                return Optional.of(a.name() + " -> " + a.code());
            }
        }
        return Optional.empty();
    }
}
