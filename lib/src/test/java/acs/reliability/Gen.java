package acs.reliability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Generators of the inputs that matter here: Unicode beyond the BMP, controls, reserved URL characters. */
final class Gen {
    static final String[] SAMPLES = {"", "线上", "预发", "http://repo.example.com/app-1.2.war?a=1&b=%20", "😀🚀", "ä\u0301", "\u0000", " "};
    final SplittableRandom r;

    Gen(long seed) {
        r = new SplittableRandom(seed);
    }

    int codePoint() {
        return switch (r.nextInt(5)) {
            case 0 -> 'a' + r.nextInt(26);
            case 1 -> r.nextInt(0x80);
            case 2 -> 0x4E00 + r.nextInt(0x5000);
            case 3 -> 0x1F300 + r.nextInt(0x300);
            default -> {
                int cp;
                do cp = r.nextInt(0x110000); while (cp >= 0xD800 && cp <= 0xDFFF);
                yield cp;
            }
        };
    }

    String string(int min, int max) {
        StringBuilder sb = new StringBuilder();
        int n = min + r.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) sb.appendCodePoint(codePoint());
        return sb.toString();
    }

    String value() {
        return r.nextInt(4) == 0 ? SAMPLES[r.nextInt(SAMPLES.length)] : string(0, 40);
    }

    Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("accesskey", "t9xuit3pt202ou09");
        p.put("timestamp", "1462416720000");
        int n = r.nextInt(13);
        for (int i = 0; i < n; i++) p.put(string(1, r.nextBoolean() ? 12 : 4), value());
        return p;
    }

    String secret() {
        if (r.nextInt(5) == 0) return "secretKey123";
        String s;
        do s = string(1, 100); while (s.isBlank());
        return s;
    }

    /** The property tests' root seed: {@code -Dacs.seed=N} replays a run; each case names its own seed. */
    static final long SEED = Long.getLong("acs.seed", 20261127L);

    static Stream<Long> seeds(int n) {
        SplittableRandom root = new SplittableRandom(SEED);
        return IntStream.range(0, n).mapToObj(i -> root.nextLong());
    }
}
