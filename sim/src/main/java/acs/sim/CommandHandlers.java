package acs.sim;

import acs.sim.http.ApiError;
import java.util.regex.Pattern;

/** The command endpoint: a command's progress, as its timeline says at this moment. */
final class CommandHandlers {
    private static final Pattern COMMAND_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private CommandHandlers() {}

    static Object get(Call c) {
        String id = c.segment(1);
        if (!COMMAND_ID.matcher(id).matches()) throw ApiError.param("command_id '" + id + "' is not a command id");
        return c.store().command(c.key(), id, c.now());
    }
}
