package io.cvdflow.job.quality;

import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.ZResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ZTailHistogramTest {

    /** |Z| of A1 on real BTCUSDT spot trades. */
    private static double[] realAbsZ() {
        return RealTrades.btcSpotA1().stream().filter(ZResult::hasZ).mapToDouble(r -> Math.abs(r.z)).toArray();
    }

    @Test
    void tailCountsAreExactAndStrict() {
        ZTailHistogram h = new ZTailHistogram();
        for (double z : new double[] {2.0, -2.0, 2.0000001, -3.0, 3.0000001, 3.5, -8.0, 0.0, 1.999}) {
            h.add(z);
        }
        assertThat(h.count).isEqualTo(9);
        assertThat(h.above2).isEqualTo(5);
        assertThat(h.above3).isEqualTo(3);
        assertThat(h.tailP2()).isEqualTo(5.0 / 9);
        assertThat(h.tailP3()).isEqualTo(3.0 / 9);
    }

    @Test
    void quantilesOfRealZAreWithinHalfABin() {
        double[] absZ = realAbsZ();
        assertThat(absZ.length).isGreaterThan(15_000);
        ZTailHistogram h = new ZTailHistogram();
        long above2 = 0;
        long above3 = 0;
        for (double a : absZ) {
            h.add(a);
            above2 += a > 2 ? 1 : 0;
            above3 += a > 3 ? 1 : 0;
        }
        assertThat(h.count).isEqualTo(absZ.length);
        assertThat(h.above2).isEqualTo(above2);
        assertThat(h.above3).isEqualTo(above3);
        double[] sorted = absZ.clone();
        Arrays.sort(sorted);
        for (int i = 0; i <= 100; i++) {
            double q = i / 100.0;
            assertThat(h.quantile(q)).as("q=%s", q)
                    .isCloseTo(RealTrades.exactQuantile(sorted, q), within(ZTailHistogram.ERROR_BOUND + 1e-12));
        }
        assertThat(h.quantile(0.95)).isCloseTo(RealTrades.exactQuantile(sorted, 0.95), within(0.005 + 1e-12));
    }

    @Test
    void mergedHalvesEqualTheWhole() {
        double[] absZ = realAbsZ();
        ZTailHistogram whole = new ZTailHistogram();
        ZTailHistogram first = new ZTailHistogram();
        ZTailHistogram second = new ZTailHistogram();
        for (int i = 0; i < absZ.length; i++) {
            whole.add(absZ[i]);
            (i < absZ.length / 3 ? first : second).add(absZ[i]);
        }
        first.merge(second);
        assertThat(first).usingRecursiveComparison().isEqualTo(whole);
        ZTailHistogram empty = new ZTailHistogram();
        empty.merge(whole);
        assertThat(empty).usingRecursiveComparison().isEqualTo(whole);
    }

    @Test
    void overflowNanAndEmpty() {
        ZTailHistogram h = new ZTailHistogram();
        assertThat(h.quantile(0.5)).isNaN();
        assertThat(h.tailP2()).isNaN();
        assertThat(h.bins).as("no bins before the first value").isNull();
        h.add(Double.NaN);
        assertThat(h.count).isZero();
        h.add(12.0);
        h.add(-10.0);
        h.add(9.999999999999999);
        h.add(0.5);
        assertThat(h.overflow).isEqualTo(2);
        assertThat(h.quantile(0)).isCloseTo(0.505, within(1e-12));
        assertThat(h.quantile(0.4)).isCloseTo(9.995, within(1e-12));
        assertThat(h.quantile(1)).as("overflow reads as the tracked maximum").isEqualTo(ZTailHistogram.MAX_TRACKED);
    }

    @Test
    void binsReachOnlyTheHighestBinUsedSoTheStateStaysSmall() throws Exception {
        ZTailHistogram h = new ZTailHistogram();
        h.add(0.5);
        assertThat(h.bins).hasSize(ZTailHistogram.GROWTH_BINS * 2);
        h.add(-3.2);
        assertThat(h.bins).as("bin 320 used, rounded up to a step").hasSize(352);
        h.add(1.0);
        assertThat(h.bins).hasSize(352);
        h.add(12.0);
        assertThat(h.bins).as("the overflow takes no bin").hasSize(352);
        h.add(9.999);
        assertThat(h.bins).hasSize(ZTailHistogram.BINS);
        assertThat(h.quantile(0.25)).isCloseTo(1.005, within(1e-12));
        assertThat(h.quantile(0.5)).isCloseTo(3.205, within(1e-12));

        // the calibrated estimator's |Z| on real trades: bins up to its largest |Z|, rounded up to a step, well under
        // the full range, through Flink's serializer
        ZTailHistogram calibrated = new ZTailHistogram();
        double largest = 0;
        for (ZResult r : RealTrades.estimate(RealTrades.btcSpot(), EstimatorProfiles.calibrated())) {
            if (r.hasZ()) {
                calibrated.add(r.z);
                largest = Math.max(largest, Math.abs(r.z));
            }
        }
        int steps = (int) Math.floor(largest * 100) / ZTailHistogram.GROWTH_BINS + 1;
        assertThat(calibrated.bins.length).isEqualTo(steps * ZTailHistogram.GROWTH_BINS).isLessThan(ZTailHistogram.BINS / 2);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<ZTailHistogram> serializer = TypeInformation.of(ZTailHistogram.class).createSerializer(config);
        byte[] bytes = InstantiationUtil.serializeToByteArray(serializer, calibrated);
        assertThat(bytes.length).isLessThan(4 * calibrated.bins.length + 64);
        ZTailHistogram restored = InstantiationUtil.deserializeFromByteArray(serializer, bytes);
        assertThat(restored).usingRecursiveComparison().isEqualTo(calibrated);
        for (int i = 0; i <= 100; i++) {
            assertThat(restored.quantile(i / 100.0)).isEqualTo(calibrated.quantile(i / 100.0));
        }
    }
}
