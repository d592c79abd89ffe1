package acs;

import java.time.OffsetDateTime;
import java.util.List;

/** One activity of a command (PrepareParams, StartContainer, …); {@code code} "200" is success. */
public record Activity(String commandId, String name, String code, List<Step> steps,
                       OffsetDateTime createTime, OffsetDateTime endTime) {
    public Activity {
        commandId = commandId == null ? "" : commandId;
        name = name == null ? "" : name;
        code = code == null ? "" : code;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
