package io.cvdflow.job.quality;

import io.cvdflow.job.estimator.ZResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes the Flink wrappers keep in state or emit are Flink POJOs: serialised field by field, never by
 * Kryo (the job disables generic types), and whole again after a round trip, as after a restore.
 */
class QualityStateTypesTest {

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return info.createSerializer(config);
    }

    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        TypeSerializer<T> s = serializer(type);
        return InstantiationUtil.deserializeFromByteArray(s, InstantiationUtil.serializeToByteArray(s, value));
    }

    @ParameterizedTest
    @ValueSource(classes = {QualityAccumulator.class, SampleAccumulator.class, ZTailHistogram.class,
            LogBucketHistogram.class, QualityReport.class, RegimeStats.class, RollbackStatus.class,
            RollbackTransition.class, MetricSnapshot.class})
    void isAPojoWithoutGenericTypes(Class<?> type) {
        serializer(type);
    }

    @Test
    void anAccumulatorRestoredMidWindowReportsTheSame() throws IOException {
        List<ZResult> z = RealTrades.btcSpotA1();
        QualityAccumulator live = new QualityAccumulator(20.0);
        for (int i = 0; i < 3000; i++) {
            ZResult r = z.get(i);
            live.add(r.z, r.reason, r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond, i, -i);
        }
        QualityAccumulator restored = roundTrip(QualityAccumulator.class, live);
        for (int i = 3000; i < 6000; i++) {
            ZResult r = z.get(i);
            live.add(r.z, r.reason, r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond, i, -i);
            restored.add(r.z, r.reason, r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond, i, -i);
        }
        QualitySettings settings = QualitySettings.defaults();
        assertThat(restored.report("BTCUSDT", 0, 60_000, "a1", "fp", settings))
                .usingRecursiveComparison()
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                .isEqualTo(live.report("BTCUSDT", 0, 60_000, "a1", "fp", settings));
    }

    @Test
    void aRollbackRestoredWhilePendingFinishesTheSame() throws IOException {
        RollbackStateMachine machine = new RollbackStateMachine(QualitySettings.defaults(), "baseline");
        RollbackStatus live = new RollbackStatus();
        for (long end = 60_000; end <= 180_000; end += 60_000) {
            machine.onCheck(live, check(end, QualityLevel.ROLLBACK, "a1"));
        }
        assertThat(live.state).isEqualTo(RollbackState.PENDING);
        RollbackStatus restored = roundTrip(RollbackStatus.class, live);
        assertThat(RollbackStateMachine.nextDeadlineMs(restored)).isEqualTo(210_000);

        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (RollbackStatus s : List.of(live, restored)) {
            List<String> out = s == live ? a : b;
            machine.onTimer(s, 210_000).forEach(t -> out.add(t.state + "@" + t.eventTimeMs + " " + t.metrics));
            for (long end = 300_000; end <= 480_000; end += 60_000) {
                machine.onCheck(s, check(end, QualityLevel.OK, "baseline"));
            }
            machine.onTimer(s, 510_000).forEach(t -> out.add(t.state + "@" + t.eventTimeMs + " " + t.checks));
        }
        assertThat(b).isEqualTo(a).hasSize(2);
        RollbackTransition signal = machine.onCheck(restored, check(540_000, QualityLevel.ROLLBACK, "baseline")).get(0);
        assertThat(roundTrip(RollbackTransition.class, signal)).usingRecursiveComparison()
                .withEqualsForType((x, y) -> Double.compare(x, y) == 0, Double.class)
                .isEqualTo(signal);
    }

    @Test
    void aReportSurvivesARoundTrip() throws IOException {
        QualityAccumulator acc = new QualityAccumulator(20.0);
        for (ZResult r : RealTrades.btcSpotA1().subList(0, 2000)) {
            acc.add(r.z, r.reason, r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond, 1, 2);
        }
        QualityReport report = acc.report("BTCUSDT", 0, 60_000, "a1", "fp", QualitySettings.defaults());
        assertThat(roundTrip(QualityReport.class, report)).usingRecursiveComparison()
                .withEqualsForType((x, y) -> Double.compare(x, y) == 0, Double.class)
                .isEqualTo(report);
    }

    private static QualityReport check(long endMs, QualityLevel level, String profile) {
        QualityReport r = new QualityReport();
        r.symbol = "BTCUSDT";
        r.windowStartMs = endMs - 60_000;
        r.windowEndMs = endMs;
        r.profile = profile;
        r.fingerprint = profile;
        r.level = level;
        r.samples = 1000;
        r.breaches = "";
        return r;
    }
}
