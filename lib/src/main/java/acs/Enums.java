package acs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of user-typed enum values: any case, never {@code UNKNOWN}, a message that lists the choices. */
public final class Enums {
    private Enums() {}

    public static <E extends Enum<E>> E parse(Class<E> type, String parameter, String text) {
        String choices = Arrays.stream(type.getEnumConstants())
                .map(Enum::name).filter(n -> !n.equals("UNKNOWN")).collect(Collectors.joining(", "));
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(parameter, "is empty; expected one of " + choices);
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (!name.equals("UNKNOWN")) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) return e;
            }
        }
        throw new InvalidInputException(parameter, "'" + text + "' is not valid; expected one of " + choices);
    }
}
