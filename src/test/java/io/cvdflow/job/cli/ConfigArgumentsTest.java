package io.cvdflow.job.cli;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.CvdConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigArgumentsTest {
    private static ConfigArguments parse(String... args) {
        ReplayCommand command = new ReplayCommand();
        new CommandLine(command).parseArgs(args);
        return command.configArguments;
    }

    @Test
    void theShippedConfigurationStartsWhenItsFingerprintIsExpected() {
        CvdConfig config = parse("--input", "x").resolve();
        CvdConfig pinned = parse("--input", "x", "--expect-fingerprint", config.fingerprint()).resolve();
        assertThat(pinned.fingerprint()).isEqualTo(config.fingerprint());
    }

    @Test
    void aDifferentFingerprintRefusesToStartNamingBoth() {
        String expected = parse("--input", "x").resolve().fingerprint();
        assertThatThrownBy(() -> parse("--input", "x", "--set", "MAD_MULTIPLIER=2.5", "--expect-fingerprint", expected).resolve())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("fingerprint mismatch")
                .hasMessageContaining(expected);
    }

    @Test
    void profileParallelismAndKafkaOptionsBecomeOverrides() {
        CvdConfig c = parse("--input", "x", "--profile", "calibrated", "--parallelism", "2",
                "--kafka.bootstrap-servers", "broker:9092").resolve();
        assertThat(c.activeProfile()).isEqualTo("calibrated");
        assertThat(c.job().parallelism()).isEqualTo(2);
        assertThat(c.kafka().bootstrapServers()).contains("broker:9092");
    }
}
