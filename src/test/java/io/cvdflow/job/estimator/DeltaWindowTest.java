package io.cvdflow.job.estimator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The ordered window against a list sorted from scratch, with heavy ties, both key kinds and both parities. */
class DeltaWindowTest {

    @ParameterizedTest(name = "capacity {0}, {1} distinct sizes, absolute keys {2}")
    @CsvSource({"300, 5, false", "300, 1000000, false", "301, 3, true", "7, 2, false", "2, 4, true", "1000, 40, true"})
    void orderedCopyMedianMadAndRanksMatchSortingFromScratch(int capacity, int distinct, boolean absolute) {
        Random random = new Random(capacity * 31L + distinct);
        DeltaWindow window = new DeltaWindow();
        window.reshape(capacity, true, absolute);
        ArrayDeque<Double> naive = new ArrayDeque<>();
        for (int i = 0; i < 5_000; i++) {
            double size = 0.001 * (1 + random.nextInt(distinct));
            double delta = random.nextBoolean() ? size : -size;
            if (i % 3 == 0) {
                window.push(delta);
            } else {
                window.push(delta, window.countBelow(absolute ? Math.abs(delta) : delta));
            }
            naive.addLast(delta);
            if (naive.size() > capacity) {
                naive.removeFirst();
            }
            List<Double> keys = new ArrayList<>();
            for (double d : naive) {
                keys.add(absolute ? Math.abs(d) : d);
            }
            keys.sort(null);
            for (int k = 0; k < keys.size(); k++) {
                assertThat(window.sorted[k]).as("key %d after %d pushes", k, i + 1).isEqualTo(keys.get(k));
            }
            double median = SpecReferenceEstimator.median(keys);
            assertThat(Double.doubleToLongBits(window.median())).isEqualTo(Double.doubleToLongBits(median));
            assertThat(Double.doubleToLongBits(window.medianAbsoluteDeviation(window.median())))
                    .as("MAD after %d pushes", i + 1)
                    .isEqualTo(Double.doubleToLongBits(SpecReferenceEstimator.mad(keys)));
            double probe = keys.get(random.nextInt(keys.size())) + (random.nextInt(3) - 1) * 0.0005;
            assertThat(window.countBelow(probe)).isEqualTo((int) keys.stream().filter(v -> v < probe).count());
            assertThat(window.countAbove(probe)).isEqualTo((int) keys.stream().filter(v -> v > probe).count());
        }
    }

    @Test
    void reshapeKeepsTheNewestDeltasAndRebuildsTheOrder() {
        DeltaWindow window = new DeltaWindow();
        window.reshape(5, true, false);
        for (double d : new double[] {3, -1, 4, -1, 5, -9, 2}) {
            window.push(d);
        }
        assertThat(ringOf(window)).containsExactly(4.0, -1.0, 5.0, -9.0, 2.0);

        window.reshape(3, true, true);
        assertThat(ringOf(window)).containsExactly(5.0, -9.0, 2.0);
        assertThat(window.sorted).containsExactly(2.0, 5.0, 9.0);

        window.reshape(6, false, false);
        assertThat(window.ordered()).isFalse();
        window.push(-6);
        assertThat(ringOf(window)).containsExactly(5.0, -9.0, 2.0, -6.0);

        window.reshape(6, true, false);
        assertThat(window.sorted).startsWith(-9.0, -6.0, 2.0, 5.0);
        assertThat(window.size()).isEqualTo(4);
    }

    static List<Double> ringOf(DeltaWindow w) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < w.size(); i++) {
            values.add(w.ring.get(i));
        }
        return values;
    }
}
