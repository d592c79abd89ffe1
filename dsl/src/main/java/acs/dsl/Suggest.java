package acs.dsl;

import acs.Names;
import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?" for misspelt names (the rule lives in {@link Names}, shared with the configuration). */
final class Suggest {
    private Suggest() {}

    static Optional<String> closest(String typed, Collection<String> candidates) {
        return Names.closest(typed, candidates);
    }

    static String hint(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }
}
