package io.cvdflow.job.config;

import java.time.Duration;

/** Parses durations written as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or {@code 1d}. */
public final class DurationValue {
    private DurationValue() {}

    public static Duration parse(String key, String text) {
        String s = text == null ? "" : text.trim().toLowerCase();
        int split = 0;
        while (split < s.length() && Character.isDigit(s.charAt(split))) {
            split++;
        }
        if (split == 0) {
            throw new ConfigException(key + " = '" + text + "' is not a duration: write e.g. 500ms, 10s, 2m, 1h");
        }
        long n;
        try {
            n = Long.parseLong(s.substring(0, split));
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = '" + text + "' is not a duration: the number is too large");
        }
        switch (s.substring(split).trim()) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
            case "":
                return Duration.ofSeconds(n);
            case "m":
            case "min":
                return Duration.ofMinutes(n);
            case "h":
                return Duration.ofHours(n);
            case "d":
                return Duration.ofDays(n);
            default:
                throw new ConfigException(
                        key + " = '" + text + "' has an unknown unit: use ms, s, m, h or d");
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms != 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms != 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
