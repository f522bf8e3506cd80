package io.cvdflow.job.cli;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every job command shares: configuration, overrides and the fingerprint check. */
public class ConfigArguments {
    static final Path DEFAULT_CONFIG = Path.of("config", "system.yaml");

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (default: config/system.yaml when present, else built-in defaults)")
    Path config;

    @Option(names = "--profile", paramLabel = "NAME", description = "active estimator profile (a1, baseline, calibrated, ...)")
    String profile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "override: a parameter of the active profile (MAD_MULTIPLIER=2) or any key (job.parallelism=2)")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--expect-fingerprint", paramLabel = "HEX",
            description = "refuse to start unless the resolved configuration has this fingerprint")
    String expectedFingerprint;

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (overrides job.parallelism)")
    Integer parallelism;

    @Option(names = "--kafka.bootstrap-servers", paramLabel = "HOST:PORT,...",
            description = "a Kafka cluster to use (default: an in-process single-node broker)")
    String kafkaBootstrapServers;

    CvdConfig resolve() {
        return resolve(List.of());
    }

    /** As {@link #resolve()}, with {@code extra} overrides after the command line's. */
    CvdConfig resolve(List<String> extra) {
        List<String> all = new ArrayList<>();
        if (profile != null) {
            all.add("estimator.active-profile=" + profile);
        }
        if (parallelism != null) {
            all.add("job.parallelism=" + parallelism);
        }
        if (kafkaBootstrapServers != null) {
            all.add("kafka.bootstrap-servers=" + kafkaBootstrapServers);
        }
        all.addAll(overrides);
        all.addAll(extra);
        Path file = file();
        CvdConfig resolved = file == null ? CvdConfigLoader.fromYaml("{}", "built-in defaults", all)
                : CvdConfigLoader.load(file, all);
        if (expectedFingerprint != null && !expectedFingerprint.equalsIgnoreCase(resolved.fingerprint())) {
            throw new ConfigException("configuration fingerprint mismatch: expected " + expectedFingerprint
                    + " but the resolved configuration" + (file == null ? "" : " from " + file) + " has "
                    + resolved.fingerprint() + "; refusing to start so that old parameters cannot run silently");
        }
        return resolved;
    }

    /** The configuration file in use: {@code --config}, else {@code config/system.yaml} when present, else null. */
    Path file() {
        return config != null ? config : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
    }
}
