package io.cvdflow.job.validation.sweep;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A written profile loads back through the configuration loader with exactly the parameters swept. */
class ProfileWriterTest {
    private static final Path SYSTEM_YAML = Path.of("config", "system.yaml");

    @Test
    void theBestPointLoadsAsTheActiveProfileOnTopOfTheProjectsConfiguration() throws Exception {
        String base = Files.readString(SYSTEM_YAML);
        CvdConfig swept = CvdConfigLoader.fromYaml(base, "base", List.of("MAD_MULTIPLIER=2.4", "CLOCK=trades", "ADAPTIVE=false"));
        EstimatorParameters best = swept.parameters(swept.activeProfile(), null);
        String yaml = ProfileWriter.write(base, "sweep-best", best, Map.of(), "line one\n\nline three");

        assertThat(yaml).startsWith("# line one\n#\n# line three\n");
        CvdConfig loaded = CvdConfigLoader.fromYaml(yaml, "written", List.of());
        assertThat(loaded.activeProfile()).isEqualTo("sweep-best");
        assertThat(loaded.parameters("sweep-best", null)).isEqualTo(best);
        assertThat(loaded.parameters("sweep-best", null).madMultiplier()).isEqualTo(2.4);
        assertThat(loaded.parameters("sweep-best", null).adaptive()).isFalse();
        // everything else of the base configuration is kept
        CvdConfig original = CvdConfigLoader.fromYaml(base, "base", List.of());
        assertThat(loaded.profileNames()).containsAll(original.profileNames());
        assertThat(loaded.parameters("calibrated", null)).isEqualTo(original.parameters("calibrated", null));
        assertThat(loaded.rollbackProfile()).isEqualTo(original.rollbackProfile());
        assertThat(loaded.quality()).isEqualTo(original.quality());
        assertThat(yaml).contains("MAD_MULTIPLIER: 2.4\n").contains("ADAPTIVE: false\n").contains("CLOCK: trades\n");
    }

    @Test
    void perSymbolOverridesApplyOnTopOfTheProfile() {
        EstimatorParameters best = EstimatorProfiles.a1().with("WINSOR_LIMIT", "6");
        String yaml = ProfileWriter.write(null, "tuned", best,
                Map.of("BTCUSDT", Map.of("MAD_MULTIPLIER", "2.0"), "ETHUSDT", Map.of("HALF_LIFE_TRADES", "300")), "header");
        CvdConfig loaded = CvdConfigLoader.fromYaml(yaml, "written", List.of());
        assertThat(loaded.activeProfile()).isEqualTo("tuned");
        assertThat(loaded.parameters("tuned", null)).isEqualTo(best);
        assertThat(loaded.parameters("tuned", "BTCUSDT")).isEqualTo(best.with("MAD_MULTIPLIER", "2.0"));
        assertThat(loaded.parameters("tuned", "ETHUSDT")).isEqualTo(best.with("HALF_LIFE_TRADES", "300"));
        assertThat(loaded.parameters("tuned", "SOLUSDT")).isEqualTo(best);
    }

    @Test
    void writingOverAnEarlierSweepReplacesItsProfile() {
        String first = ProfileWriter.write(null, "sweep-best", EstimatorProfiles.a1().with("GAMMA", "0.5"), Map.of(), "first");
        EstimatorParameters second = EstimatorProfiles.calibrated();
        String yaml = ProfileWriter.write(first, "sweep-best", second, Map.of(), "second");
        assertThat(CvdConfigLoader.fromYaml(yaml, "written", List.of()).parameters("sweep-best", null)).isEqualTo(second);
    }
}
