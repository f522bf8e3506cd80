package io.cvdflow.job.estimator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Against another implementation of AS 241 (CPython's {@code statistics.NormalDist().inv_cdf}), and the
 * function's own identities.
 */
class NormalQuantileTest {

    @ParameterizedTest
    @CsvSource({
        "1e-300, -37.0470962993612",
        "1e-20, -9.262340089798405",
        "1e-10, -6.361340902404056",
        "0.00135, -2.999976992703393",
        "0.0227501319481792, -2.0",
        "0.025, -1.9599639845400538",
        "0.1, -1.2815515655446008",
        "0.3, -0.5244005127080407",
        "0.5, 0.0",
        "0.7, 0.5244005127080407",
        "0.925, 1.439531470938456",
        "0.975, 1.9599639845400536",
        "0.99865, 2.999976992703401",
        "0.9999999999, 6.361340889697421"
    })
    void matchesAnIndependentAs241(double p, double expected) {
        assertThat(NormalQuantile.of(p)).isCloseTo(expected, within(Math.ulp(expected) * 4 + 1e-15));
    }

    @Test
    void isOddAroundOneHalfAndMonotone() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 100_000; i++) {
            double p = i / 100_000.0;
            double z = NormalQuantile.of(p);
            assertThat(z).isGreaterThan(previous);
            assertThat(NormalQuantile.of(1 - p)).isCloseTo(-z, within(1e-9));
            previous = z;
        }
        assertThat(NormalQuantile.of(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalQuantile.of(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NormalQuantile.of(1.5)).isNaN();
        assertThat(NormalQuantile.of(Double.NaN)).isNaN();
    }
}
