package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The optimised estimators against {@link SpecReferenceEstimator} on every trade of every real recording: every
 * output field must be the same bits, and every withheld trade withheld for the same reason.
 */
class ReferenceEquivalenceTest {

    static Stream<Arguments> variants() {
        EstimatorParameters a1 = EstimatorProfiles.a1();
        return Stream.of(
                Arguments.of("a1", a1),
                Arguments.of("a1, trades clock", a1.with("CLOCK", "trades")),
                Arguments.of("a1, ewma scale", a1.with("SCALE_MODE", "ewma")),
                Arguments.of("a1, not adaptive", a1.with("ADAPTIVE", "false")),
                Arguments.of("baseline", EstimatorProfiles.baseline()),
                Arguments.of("odd MAD window, tight freezes", EstimatorParameters.fromMap(Map.of(
                        "MAD_WINDOW_TRADES", "301", "FREEZE_MIN", "0", "SOFT_FREEZE_MS", "300",
                        "HARD_FREEZE_MS", "900", "WINSOR_LIMIT", "3", "GAMMA", "1.3", "BETA", "0.5"), "variant")),
                Arguments.of("small MAD window", EstimatorParameters.fromMap(Map.of(
                        "MAD_WINDOW_TRADES", "2", "MAD_SCALE_FACTOR", "3"), "variant")),
                Arguments.of("level", a1.with("Z_MODE", "level")),
                Arguments.of("level, short window", EstimatorParameters.fromMap(Map.of(
                        "Z_MODE", "level", "Z_WINDOW", "7", "WARMUP_MIN", "2"), "variant")),
                Arguments.of("calibrated", EstimatorProfiles.calibrated()),
                Arguments.of("calibrated, short window", EstimatorParameters.fromMap(Map.of(
                        "Z_MODE", "calibrated", "CAL_WINDOW_TRADES", "50", "CAL_MIN_FILL", "1",
                        "CLOCK", "trades"), "variant")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void optimisedEqualsSpecReading(String name, EstimatorParameters parameters) {
        long compared = 0;
        long withZ = 0;
        for (Recordings.Series series : Recordings.all()) {
            ZEstimator estimator = ZEstimator.create(parameters);
            EstimatorState state = new EstimatorState();
            SpecReferenceEstimator reference = new SpecReferenceEstimator(parameters);
            ZResult actual = new ZResult();
            ZResult expected = new ZResult();
            int i = 0;
            for (Trade t : series.trades()) {
                estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, actual);
                reference.update(t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, expected);
                compare(series.label() + " trade #" + i + " (id " + t.tradeId + ")", expected, actual);
                if (actual.hasZ()) {
                    withZ++;
                }
                i++;
            }
            compared += i;
        }
        assertThat(compared).isGreaterThan(80_000);
        assertThat(withZ).isGreaterThan(compared / 2);
    }

    private static void compare(String where, ZResult expected, ZResult actual) {
        if (expected.reason != actual.reason) {
            fail(where + ": reason " + actual.reason + ", spec says " + expected.reason);
        }
        same(where, "z", expected.z, actual.z);
        same(where, "delta", expected.delta, actual.delta);
        same(where, "cvd", expected.cvd, actual.cvd);
        same(where, "scale", expected.scale, actual.scale);
        same(where, "floor", expected.floor, actual.floor);
        same(where, "ewmaFast", expected.ewmaFast, actual.ewmaFast);
        same(where, "ewmaSlow", expected.ewmaSlow, actual.ewmaSlow);
        same(where, "tradesPerSecond", expected.tradesPerSecond, actual.tradesPerSecond);
        if (expected.floorHit != actual.floorHit) {
            fail(where + ": floorHit " + actual.floorHit + ", spec says " + expected.floorHit);
        }
    }

    private static void same(String where, String field, double expected, double actual) {
        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
            fail(where + ": " + field + " = " + actual + ", spec says " + expected);
        }
    }
}
