package io.cvdflow.job.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CvdConfigLoaderTest {

    private static CvdConfig yaml(String text, String... overrides) {
        return CvdConfigLoader.fromYaml(text, "test.yaml", List.of(overrides));
    }

    @Test
    void defaultsHaveTheSeedProfilesWithA1ActiveAndBaselineForRollback() {
        CvdConfig c = CvdConfigLoader.defaults();
        assertThat(c.profileNames()).contains("a1", "baseline", "calibrated");
        assertThat(c.activeProfile()).isEqualTo("a1");
        assertThat(c.rollbackProfile()).isEqualTo("baseline");
        assertThat(c.parameters("a1", "BTCUSDT").asMap())
                .containsEntry("MAD_MULTIPLIER", "1.8")
                .containsEntry("SCALE_FAST_WEIGHT", "0.2")
                .containsEntry("HALF_LIFE_TRADES", "600")
                .containsEntry("WINSOR_LIMIT", "8");
        assertThat(c.job().parallelism()).isEqualTo(1);
        assertThat(c.job().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theShippedSystemYamlLoadsAndMatchesTheBuiltInProfiles() {
        Path shipped = Path.of("config", "system.yaml");
        CvdConfig c = CvdConfigLoader.load(shipped, List.of());
        CvdConfig defaults = CvdConfigLoader.defaults();
        for (String p : defaults.profileNames()) {
            assertThat(c.parameters(p, null).fingerprint())
                    .as("profile %s", p)
                    .isEqualTo(defaults.parameters(p, null).fingerprint());
        }
        assertThat(c.version()).isEqualTo("v13.0-a1-optimized");
    }

    @Test
    void profilesExtendOtherProfilesAndSymbolsOverrideOnTop() {
        CvdConfig c = yaml("estimator:\n"
                + "  profiles:\n"
                + "    wide: {extends: a1, WINSOR_LIMIT: 6}\n"
                + "    wider: {extends: wide, MAD_MULTIPLIER: 2.5}\n"
                + "  symbols:\n"
                + "    ETHUSDT: {profile: wider, overrides: {MAD_WINDOW_TRADES: 500}}\n");
        assertThat(c.parameters("wider", null).asMap())
                .containsEntry("WINSOR_LIMIT", "6")
                .containsEntry("MAD_MULTIPLIER", "2.5")
                .containsEntry("HALF_LIFE_TRADES", "600");
        assertThat(c.startingProfile("ETHUSDT")).isEqualTo("wider");
        assertThat(c.startingProfile("BTCUSDT")).isEqualTo("a1");
        assertThat(c.parameters("wider", "ETHUSDT").asMap()).containsEntry("MAD_WINDOW_TRADES", "500");
        assertThat(c.parameters("a1", "ETHUSDT").asMap()).containsEntry("MAD_WINDOW_TRADES", "500");
        assertThat(c.parameters("a1", "BTCUSDT").asMap()).containsEntry("MAD_WINDOW_TRADES", "300");
    }

    @Test
    void commandLineOverridesReachTheActiveProfileOrAnyPath() {
        CvdConfig c = yaml("{}", "estimator.active-profile=baseline", "MAD_MULTIPLIER=2.2", "job.parallelism=2");
        assertThat(c.activeProfile()).isEqualTo("baseline");
        assertThat(c.parameters("baseline", null).asMap()).containsEntry("MAD_MULTIPLIER", "2.2");
        assertThat(c.parameters("a1", null).asMap()).containsEntry("MAD_MULTIPLIER", "1.8");
        assertThat(c.job().parallelism()).isEqualTo(2);
    }

    @Test
    void unknownKeysAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> yaml("estimatr: {}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimatr is not a known key");
        assertThatThrownBy(() -> yaml("job: {paralelism: 2}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.paralelism is not a known key");
        assertThatThrownBy(() -> yaml("estimator: {profiles: {x: {MAD_MULTIPLER: 2}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimator.profiles.x.MAD_MULTIPLER");
    }

    @Test
    void outOfBoundValuesNameTheKeyTheValueAndTheBound() {
        assertThatThrownBy(() -> yaml("estimator: {profiles: {x: {SCALE_FAST_WEIGHT: 1.5}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("estimator.profiles.x.SCALE_FAST_WEIGHT")
                .hasMessageContaining("1.5")
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> yaml("{}", "HALF_LIFE_TRADES=0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("estimator.profiles.a1.HALF_LIFE_TRADES").hasMessageContaining("0");
        assertThatThrownBy(() -> yaml("{}", "MAD_WINDOW_TRADES=1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAD_WINDOW_TRADES");
        assertThatThrownBy(() -> yaml("job: {parallelism: 0}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.parallelism = 0 is out of bounds");
    }

    @Test
    void wrongTypesAreRefused() {
        assertThatThrownBy(() -> yaml("{}", "MAD_MULTIPLIER=abc"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAD_MULTIPLIER").hasMessageContaining("abc");
        assertThatThrownBy(() -> yaml("{}", "Z_MODE=sideways"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("Z_MODE").hasMessageContaining("sideways");
        assertThatThrownBy(() -> yaml("job: {checkpoint-interval: 10 parsecs}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.checkpoint-interval");
        assertThatThrownBy(() -> yaml("job: {parallelism: two}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("job.parallelism = 'two' is not an integer");
        assertThatThrownBy(() -> yaml("estimator: {profiles: [a1]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimator.profiles must be a mapping");
        assertThatThrownBy(() -> yaml("estimator: {profiles: {a1: {MAD_MULTIPLIER: [1, 2]}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a single value");
        assertThatThrownBy(() -> yaml("key: [unclosed"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void profileReferencesMustExistAndMustNotCycle() {
        assertThatThrownBy(() -> yaml("estimator: {active-profile: nope}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimator.active-profile = 'nope' names no profile");
        assertThatThrownBy(() -> yaml("estimator: {symbols: {BTCUSDT: {profile: nope}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimator.symbols.BTCUSDT.profile");
        assertThatThrownBy(() -> yaml("estimator: {profiles: {p: {extends: q}, q: {extends: p}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cycle");
        assertThatThrownBy(() -> yaml("estimator: {profiles: {p: {extends: nowhere}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names no profile");
    }

    @Test
    void symbolOverridesAreValidatedAtStartUp() {
        assertThatThrownBy(() -> yaml("estimator: {symbols: {BTCUSDT: {overrides: {WINSOR_LIMIT: -3}}}}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("estimator.symbols.BTCUSDT.overrides.WINSOR_LIMIT")
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> yaml("estimator: {symbols: {btc-usdt: {}}}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("is not a symbol");
    }

    @Test
    void theFingerprintIgnoresOrderAndNumberFormatButNotValues() {
        CvdConfig a = yaml("estimator: {profiles: {p: {MAD_MULTIPLIER: 1.8, WINSOR_LIMIT: 6}}}");
        CvdConfig b = yaml("estimator: {profiles: {p: {WINSOR_LIMIT: 6.0, MAD_MULTIPLIER: 1.80}}}");
        CvdConfig c = yaml("estimator: {profiles: {p: {WINSOR_LIMIT: 6.5, MAD_MULTIPLIER: 1.80}}}");
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(16);
        assertThat(a.fingerprint()).isNotEqualTo(c.fingerprint());
        assertThat(a.parameters("p", null).fingerprint()).isEqualTo(b.parameters("p", null).fingerprint());
        assertThat(yaml("estimator: {active-profile: p, profiles: {p: {}}}").fingerprint())
                .isNotEqualTo(yaml("estimator: {profiles: {p: {}}}").fingerprint());
    }

    @Test
    void flinkKeysPassThroughWhetherNestedDottedOrSetOnTheCommandLine() {
        CvdConfig c = yaml("job: {flink: {state: {backend: {type: rocksdb}}, execution.buffer-timeout.interval: 1ms}}",
                "job.flink.metrics.reporter.prom.port=9250");
        assertThat(c.job().flink())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("execution.buffer-timeout.interval", "1ms")
                .containsEntry("metrics.reporter.prom.port", "9250");
    }
}
