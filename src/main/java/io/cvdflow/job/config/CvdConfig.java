package io.cvdflow.job.config;

import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.InvalidParameterException;
import io.cvdflow.job.kafka.KafkaSettings;
import io.cvdflow.job.quality.QualitySettings;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resolved, validated configuration. Immutable and serialisable, so the Flink functions carry it; they
 * rebuild {@link EstimatorParameters} from the canonical maps held here.
 */
public final class CvdConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String version;
    private final String phase;
    private final String activeProfile;
    private final String rollbackProfile;
    /** Profile name to its full canonical parameter map (after {@code extends}). */
    private final Map<String, Map<String, String>> profiles;
    private final Map<String, SymbolSettings> symbols;
    private final QualitySettings quality;
    private final JobSettings job;
    /** Where the job's topics are; not part of the fingerprint, since it decides no Z value. */
    private final KafkaSettings kafka;
    private final String fingerprint;

    CvdConfig(
            String version,
            String phase,
            String activeProfile,
            String rollbackProfile,
            Map<String, Map<String, String>> profiles,
            Map<String, SymbolSettings> symbols,
            QualitySettings quality,
            JobSettings job,
            KafkaSettings kafka) {
        this.version = version;
        this.phase = phase;
        this.activeProfile = activeProfile;
        this.rollbackProfile = rollbackProfile;
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.symbols = Collections.unmodifiableMap(new TreeMap<>(symbols));
        this.quality = quality;
        this.job = job;
        this.kafka = kafka;
        this.fingerprint = computeFingerprint();
    }

    public String version() {
        return version;
    }

    public String phase() {
        return phase;
    }

    public String activeProfile() {
        return activeProfile;
    }

    public String rollbackProfile() {
        return rollbackProfile;
    }

    public Set<String> profileNames() {
        return profiles.keySet();
    }

    public boolean hasProfile(String name) {
        return profiles.containsKey(name);
    }

    public Map<String, SymbolSettings> symbols() {
        return symbols;
    }

    public JobSettings job() {
        return job;
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    /** The job-wide quality settings. */
    public QualitySettings quality() {
        return quality;
    }

    /** The quality settings of one symbol: the job's with the symbol's own on top. */
    public QualitySettings quality(String symbol) {
        SymbolSettings s = symbols.get(symbol);
        return s == null || s.quality().isEmpty() ? quality
                : quality.withSymbolOverrides(s.quality(), "estimator.symbols." + symbol + ".quality");
    }

    /** The profile a symbol starts on: its own, else the active one. */
    public String startingProfile(String symbol) {
        SymbolSettings s = symbols.get(symbol);
        return s != null && s.profile() != null ? s.profile() : activeProfile;
    }

    /** The parameters of {@code profile} with the symbol's overrides on top. */
    public EstimatorParameters parameters(String profile, String symbol) {
        Map<String, String> base = profiles.get(profile);
        if (base == null) {
            throw new ConfigException("unknown profile '" + profile + "': known profiles are " + profiles.keySet());
        }
        SymbolSettings s = symbol == null ? null : symbols.get(symbol);
        if (s == null || s.overrides().isEmpty()) {
            return EstimatorParameters.fromMap(base, "estimator.profiles." + profile);
        }
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(s.overrides());
        try {
            return EstimatorParameters.fromMap(merged, "estimator.symbols." + symbol + ".overrides");
        } catch (InvalidParameterException e) {
            throw new ConfigException(e.getMessage() + " (applied to profile " + profile + ")", e);
        }
    }

    /**
     * SHA-256 (first 16 hex digits) over everything that decides a Z value: the profiles' canonical parameters,
     * the active and rollback profiles, and every symbol's profile and overrides. The same configuration written
     * in another order or number format has the same fingerprint.
     */
    public String fingerprint() {
        return fingerprint;
    }

    private String computeFingerprint() {
        StringBuilder canonical = new StringBuilder();
        canonical.append("active=").append(activeProfile).append('\n');
        canonical.append("rollback=").append(rollbackProfile).append('\n');
        for (String name : new TreeMap<>(profiles).keySet()) {
            canonical.append("[profile ").append(name).append("]\n");
            canonical.append(parameters(name, null).canonicalForm()).append('\n');
        }
        canonical.append("[quality]\n").append(new TreeMap<>(quality.asMap())).append('\n');
        for (Map.Entry<String, SymbolSettings> e : symbols.entrySet()) {
            canonical.append("[symbol ").append(e.getKey()).append("]\n");
            canonical.append("quality=").append(e.getValue().quality()).append('\n');
            canonical.append("profile=").append(startingProfile(e.getKey())).append('\n');
            for (String name : new TreeMap<>(profiles).keySet()) {
                canonical.append(name).append('=').append(parameters(name, e.getKey()).fingerprint()).append('\n');
            }
        }
        return sha256Prefix(canonical.toString());
    }

    static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A symbol's own settings. */
    public static final class SymbolSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String profile;
        private final Map<String, String> overrides;
        private final Map<String, String> quality;

        public SymbolSettings(String profile, Map<String, String> overrides, Map<String, String> quality) {
            this.profile = profile;
            this.overrides = Collections.unmodifiableMap(new TreeMap<>(overrides));
            this.quality = Collections.unmodifiableMap(new TreeMap<>(quality));
        }

        public String profile() {
            return profile;
        }

        public Map<String, String> overrides() {
            return overrides;
        }

        /** Quality settings of this symbol (kebab-case keys, as under {@code quality}). */
        public Map<String, String> quality() {
            return quality;
        }
    }

    /** Settings of the Flink job itself. */
    public static final class JobSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int parallelism;
        private final Duration checkpointInterval;
        private final RuntimeProfile runtimeProfile;
        private final Duration watermarkDelay;
        private final Duration idleness;
        private final Map<String, String> flink;

        public JobSettings(int parallelism, Duration checkpointInterval, RuntimeProfile runtimeProfile,
                Duration watermarkDelay, Duration idleness, Map<String, String> flink) {
            this.parallelism = parallelism;
            this.checkpointInterval = checkpointInterval;
            this.runtimeProfile = runtimeProfile;
            this.watermarkDelay = watermarkDelay;
            this.idleness = idleness;
            this.flink = Collections.unmodifiableMap(new TreeMap<>(flink));
        }

        public RuntimeProfile runtimeProfile() {
            return runtimeProfile;
        }

        /** Bounded out-of-orderness of event time: the runtime profile's unless set explicitly. */
        public Duration watermarkDelay() {
            return watermarkDelay;
        }

        /** A source split silent this long stops holding back the watermark. */
        public Duration idleness() {
            return idleness;
        }

        public int parallelism() {
            return parallelism;
        }

        public Duration checkpointInterval() {
            return checkpointInterval;
        }

        /** Flink configuration keys passed through unchanged. */
        public Map<String, String> flink() {
            return flink;
        }
    }
}
