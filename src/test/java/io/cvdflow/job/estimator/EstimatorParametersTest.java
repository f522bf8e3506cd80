package io.cvdflow.job.estimator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EstimatorParametersTest {

    @Test
    void a1DefaultsAreTheValuesOfTheSpecTable() {
        EstimatorParameters a1 = EstimatorParameters.a1Defaults();
        assertThat(a1.zMode()).isEqualTo(ZMode.DELTA);
        assertThat(a1.scaleMode()).isEqualTo(ScaleMode.HYBRID);
        assertThat(a1.madMultiplier()).isEqualTo(1.8);
        assertThat(a1.scaleFastWeight()).isEqualTo(0.20);
        assertThat(a1.halfLifeTrades()).isEqualTo(600);
        assertThat(a1.winsorLimit()).isEqualTo(8.0);
        assertThat(a1.ewmaFastHalfLife()).isEqualTo(80);
        assertThat(a1.madWindowTrades()).isEqualTo(300);
        assertThat(a1.madScaleFactor()).isEqualTo(1.4826);
        assertThat(a1.freezeMin()).isEqualTo(20);
        assertThat(a1.softFreezeMs()).isEqualTo(4000);
        assertThat(a1.hardFreezeMs()).isEqualTo(5000);
        assertThat(a1.clock()).isEqualTo(ClockMode.EVENT_TIME);
        assertThat(a1.tauFastSec()).isEqualTo(60);
        assertThat(a1.tauSlowSec()).isEqualTo(600);
        assertThat(a1.adaptive()).isTrue();
        assertThat(a1.rRef()).isEqualTo(1.5);
        assertThat(a1.gamma()).isEqualTo(0.7);
        assertThat(a1.beta()).isEqualTo(1.0);
        assertThat(a1.zWindow()).isEqualTo(150);
        assertThat(a1.warmupMin()).isEqualTo(3);
        assertThat(a1.asMap()).containsOnlyKeys(
                EnumSet.allOf(EstimatorParameter.class).stream().map(EstimatorParameter::key).toArray(String[]::new));
    }

    @Test
    void builtInProfiles() {
        assertThat(EstimatorProfiles.builtIns()).containsOnlyKeys("a1", "baseline", "calibrated");
        assertThat(EstimatorProfiles.a1()).isEqualTo(EstimatorParameters.a1Defaults());
        EstimatorParameters baseline = EstimatorProfiles.baseline();
        assertThat(baseline.madMultiplier()).isEqualTo(1.5);
        assertThat(baseline.scaleFastWeight()).isEqualTo(0.35);
        assertThat(baseline.halfLifeTrades()).isEqualTo(300);
        assertThat(baseline.winsorLimit()).isEqualTo(8.0);
        assertThat(baseline.with("MAD_MULTIPLIER", "1.8").with("SCALE_FAST_WEIGHT", "0.2")
                .with("HALF_LIFE_TRADES", "600")).isEqualTo(EstimatorProfiles.a1());
        assertThat(EstimatorProfiles.calibrated().zMode()).isEqualTo(ZMode.CALIBRATED);
        assertThat(EstimatorProfiles.calibrated().with("Z_MODE", "delta")).isEqualTo(EstimatorProfiles.a1());
    }

    @Test
    void missingKeysTakeA1DefaultsAndKeysAreCaseInsensitive() {
        EstimatorParameters p = EstimatorParameters.fromMap(Map.of("mad_multiplier", " 2.5 ", "Clock", "TRADES"), "x");
        assertThat(p.madMultiplier()).isEqualTo(2.5);
        assertThat(p.clock()).isEqualTo(ClockMode.TRADES);
        assertThat(p.with("MAD_MULTIPLIER", "1.8").with("CLOCK", "event-time")).isEqualTo(EstimatorParameters.a1Defaults());
    }

    @Test
    void valuesOfEveryTypeParse() {
        EstimatorParameters p = EstimatorParameters.fromMap(Map.of(
                "Z_MODE", "level", "SCALE_MODE", "ewma", "CLOCK", "event_time", "ADAPTIVE", "off",
                "MAD_WINDOW_TRADES", "500", "HARD_FREEZE_MS", "60000", "TAU_SLOW_SEC", "1e3",
                "CAL_WINDOW_TRADES", "2000.0"), "x");
        assertThat(p.zMode()).isEqualTo(ZMode.LEVEL);
        assertThat(p.scaleMode()).isEqualTo(ScaleMode.EWMA);
        assertThat(p.clock()).isEqualTo(ClockMode.EVENT_TIME);
        assertThat(p.adaptive()).isFalse();
        assertThat(p.madWindowTrades()).isEqualTo(500);
        assertThat(p.hardFreezeMs()).isEqualTo(60_000L);
        assertThat(p.tauSlowSec()).isEqualTo(1000.0);
        assertThat(p.calWindowTrades()).isEqualTo(2000);
        assertThat(p.asMap()).containsEntry("ADAPTIVE", "false").containsEntry("CLOCK", "event-time")
                .containsEntry("TAU_SLOW_SEC", "1000").containsEntry("CAL_WINDOW_TRADES", "2000");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        // out of bounds, one kind of bound each
        "SCALE_FAST_WEIGHT | 1.5     | profiles.fast.SCALE_FAST_WEIGHT = 1.5 is out of bounds: must be in [0, 1]",
        "SCALE_FAST_WEIGHT | -0.1    | profiles.fast.SCALE_FAST_WEIGHT = -0.1 is out of bounds: must be in [0, 1]",
        "HALF_LIFE_TRADES  | 0       | profiles.fast.HALF_LIFE_TRADES = 0 is out of bounds: must be > 0",
        "TAU_FAST_SEC      | -60     | profiles.fast.TAU_FAST_SEC = -60 is out of bounds: must be > 0",
        "MAD_MULTIPLIER    | 0.0     | profiles.fast.MAD_MULTIPLIER = 0.0 is out of bounds: must be > 0",
        "MAD_WINDOW_TRADES | 1       | profiles.fast.MAD_WINDOW_TRADES = 1 is out of bounds: must be in [2, 100000]",
        "Z_WINDOW          | 100001  | profiles.fast.Z_WINDOW = 100001 is out of bounds: must be in [2, 100000]",
        "FREEZE_MIN        | -1      | profiles.fast.FREEZE_MIN = -1 is out of bounds: must be >= 0",
        "GAMMA             | -0.5    | profiles.fast.GAMMA = -0.5 is out of bounds: must be >= 0",
        "WARMUP_MIN        | 0       | profiles.fast.WARMUP_MIN = 0 is out of bounds: must be >= 1",
        "FREEZE_MIN        | 3000000000 | profiles.fast.FREEZE_MIN = 3000000000 is out of bounds: must be <= 2147483647",
        "WINSOR_LIMIT      | 1e999   | profiles.fast.WINSOR_LIMIT = 1e999 is out of bounds: must be > 0",
        "MAD_MULTIPLIER    | 1e-400  | profiles.fast.MAD_MULTIPLIER = 1e-400 is out of bounds: must be > 0",
        // unparsable
        "MAD_MULTIPLIER    | abc     | profiles.fast.MAD_MULTIPLIER = abc is not a number (must be > 0)",
        "MAD_MULTIPLIER    | NaN     | profiles.fast.MAD_MULTIPLIER = NaN is not a number (must be > 0)",
        "MAD_MULTIPLIER    | Infinity | profiles.fast.MAD_MULTIPLIER = Infinity is not a number (must be > 0)",
        "MAD_MULTIPLIER    | 1.8f    | profiles.fast.MAD_MULTIPLIER = 1.8f is not a number (must be > 0)",
        "MAD_MULTIPLIER    | ''      | profiles.fast.MAD_MULTIPLIER =  is not a number (must be > 0)",
        "MAD_WINDOW_TRADES | 300.5   | profiles.fast.MAD_WINDOW_TRADES = 300.5 is not an integer (must be in [2, 100000])",
        "SOFT_FREEZE_MS    | 4s      | profiles.fast.SOFT_FREEZE_MS = 4s is not an integer (must be >= 0)",
        "ADAPTIVE          | maybe   | profiles.fast.ADAPTIVE = maybe is not valid: must be true or false",
        "Z_MODE            | deltas  | profiles.fast.Z_MODE = deltas is not valid: must be one of delta, level, calibrated",
        "CLOCK             | wall    | profiles.fast.CLOCK = wall is not valid: must be one of event-time, trades",
        // cross-checks
        "SOFT_FREEZE_MS    | 6000    | profiles.fast.SOFT_FREEZE_MS = 6000 is out of bounds: must be <= HARD_FREEZE_MS (5000)",
        "CAL_MIN_FILL      | 1001    | profiles.fast.CAL_MIN_FILL = 1001 is out of bounds: must be <= CAL_WINDOW_TRADES (1000)",
    })
    void aBadValueIsRefusedWithKeyValueAndBound(String key, String value, String message) {
        assertThatThrownBy(() -> EstimatorParameters.fromMap(Map.of(key, value), "profiles.fast"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessage(message);
    }

    @Test
    void anUnknownKeyIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> EstimatorParameters.fromMap(Map.of("MAD_MULTIPLER", "2"), "profiles.fast"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageStartingWith("profiles.fast.MAD_MULTIPLER = 2 is not a parameter: known are [ADAPTIVE, BETA,");
        assertThatThrownBy(() -> EstimatorParameters.a1Defaults().with("NOPE", "1"))
                .hasMessageStartingWith("NOPE = 1 is not a parameter");
    }

    @Test
    void everyParameterHasATypeABoundAndADescription() {
        for (EstimatorParameter p : EstimatorParameter.values()) {
            assertThat(p.description()).as(p.key()).isNotBlank();
            assertThat(p.boundDescription()).as(p.key()).startsWith("must be");
            assertThat(p.parse(p.a1Default(), "defaults")).as(p.key()).isNotNull();
        }
    }

    @Test
    void fingerprintIgnoresOrderAndNumberSpelling() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("MAD_MULTIPLIER", "1.80");
        one.put("CLOCK", "TRADES");
        one.put("HALF_LIFE_TRADES", "600.000");
        one.put("ADAPTIVE", "on");
        Map<String, String> two = new TreeMap<>(Map.of(
                "adaptive", "true", "half_life_trades", "6e2", "clock", "trades", "mad_multiplier", "1.8"));
        EstimatorParameters a = EstimatorParameters.fromMap(one, "a");
        EstimatorParameters b = EstimatorParameters.fromMap(two, "b");
        assertThat(a.canonicalForm()).isEqualTo(b.canonicalForm());
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).matches("[0-9a-f]{16}");
        assertThat(a.fingerprint()).isEqualTo(EstimatorParameters.a1Defaults().with("CLOCK", "trades").fingerprint());
        assertThat(a.canonicalForm()).contains("MAD_MULTIPLIER=1.8\n", "HALF_LIFE_TRADES=600\n", "CLOCK=trades\n");
    }

    @Test
    void fingerprintChangesWithAnyValueAndMatchesTheCanonicalForm() throws Exception {
        EstimatorParameters a1 = EstimatorParameters.a1Defaults();
        Set<String> seen = new java.util.HashSet<>();
        seen.add(a1.fingerprint());
        Map<EstimatorParameter, String> other = new java.util.EnumMap<>(EstimatorParameter.class);
        other.put(EstimatorParameter.Z_MODE, "level");
        other.put(EstimatorParameter.SCALE_MODE, "ewma");
        other.put(EstimatorParameter.MAD_MULTIPLIER, "1.81");
        other.put(EstimatorParameter.SCALE_FAST_WEIGHT, "0.21");
        other.put(EstimatorParameter.HALF_LIFE_TRADES, "601");
        other.put(EstimatorParameter.WINSOR_LIMIT, "7.5");
        other.put(EstimatorParameter.EWMA_FAST_HL, "81");
        other.put(EstimatorParameter.MAD_WINDOW_TRADES, "301");
        other.put(EstimatorParameter.MAD_SCALE_FACTOR, "1.5");
        other.put(EstimatorParameter.FREEZE_MIN, "21");
        other.put(EstimatorParameter.SOFT_FREEZE_MS, "4001");
        other.put(EstimatorParameter.HARD_FREEZE_MS, "5001");
        other.put(EstimatorParameter.CLOCK, "trades");
        other.put(EstimatorParameter.TAU_FAST_SEC, "61");
        other.put(EstimatorParameter.TAU_SLOW_SEC, "601");
        other.put(EstimatorParameter.ADAPTIVE, "false");
        other.put(EstimatorParameter.R_REF, "1.6");
        other.put(EstimatorParameter.GAMMA, "0.71");
        other.put(EstimatorParameter.BETA, "1.01");
        other.put(EstimatorParameter.Z_WINDOW, "151");
        other.put(EstimatorParameter.WARMUP_MIN, "4");
        other.put(EstimatorParameter.CAL_WINDOW_TRADES, "1001");
        other.put(EstimatorParameter.CAL_MIN_FILL, "22");
        assertThat(other.keySet()).containsExactly(EstimatorParameter.values());
        other.forEach((p, value) -> assertThat(seen.add(a1.with(p.key(), value).fingerprint())).as(p.key()).isTrue());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(a1.canonicalForm().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(a1.fingerprint()).isEqualTo(String.format("%016x", java.nio.ByteBuffer.wrap(digest).getLong()));
        assertThat(a1.canonicalForm().lines()).isSorted().hasSize(EstimatorParameter.values().length);
    }
}
