package acs;


/** Checks of user-supplied values (ids, command ids, package URLs, deploy methods), before anything is sent. */
public final class Checks {
    private Checks() {}

    public static long positive(String parameter, long id) {
        if (id <= 0) throw new InvalidInputException(parameter, id + " is not a valid id; expected a positive number");
        return id;
    }

    public static long positive(String parameter, Long id) {
        if (id == null) throw new InvalidInputException(parameter, "is required; expected a positive number");
        return positive(parameter, id.longValue());
    }

    public static String required(String parameter, String value, String expected) {
        if (value == null || value.isBlank()) throw new InvalidInputException(parameter, "is required; expected " + expected);
        return value;
    }

    public static String httpUrl(String parameter, String value) {
        required(parameter, value, "an http:// or https:// URL of the package");
        try {
            java.net.URI uri = new java.net.URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) return value.trim();
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new InvalidInputException(parameter, "'" + value + "' is not an http(s) URL; expected e.g. http://repo.example.com/app-1.2.war");
    }

    public static String commandId(String value) {
        required("command_id", value, "the commandId a node operation returned");
        if (!value.trim().matches("[A-Za-z0-9_.-]{1,128}")) {
            throw new InvalidInputException("command_id", "'" + value + "' is not a command id; expected a UUID like 6762ccf2-31ef-4917-9e8c-03dd6a510097");
        }
        return value.trim();
    }

    public static DeployMethod method(DeployMethod m) {
        if (m == DeployMethod.UNKNOWN) throw new InvalidInputException("method", "expected PARALLEL or SEQUENTIAL");
        return m;
    }
}
