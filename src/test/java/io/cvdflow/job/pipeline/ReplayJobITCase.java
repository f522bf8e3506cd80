package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole job on every recording in ../shared/data, checked against the estimator run directly. */
class ReplayJobITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void everyValidTradeGetsOneZRecordEqualToTheEstimatorRunDirectly(@TempDir Path out) throws Exception {
        CvdConfig config = CvdConfigLoader.defaults();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config, RecordedTradeSource.builder().paths(SharedData.dir()).build(),
                "recorded trades", null, new JsonFileOutputs(out));
        env.execute("replay all shared data");

        JobOutput output = JobOutput.read(out);
        Map<String, ZRecord> actual = output.zByTrade();
        Expected expected = Expected.of(config, SharedData.all());

        assertThat(actual).hasSize(expected.records.size());
        for (Map.Entry<String, ZResult> e : expected.records.entrySet()) {
            ZRecord r = actual.get(e.getKey());
            assertThat(r).as("Z record of %s", e.getKey()).isNotNull();
            ZResult x = e.getValue();
            assertThat((Double) r.delta).as("delta of %s", e.getKey()).isEqualTo((Double) x.delta);
            assertThat((Double) r.cvd).as("cvd of %s", e.getKey()).isEqualTo((Double) x.cvd);
            if (x.reason == WithheldReason.NONE) {
                assertThat(r.z).as("z of %s", e.getKey()).isEqualTo(x.z);
                assertThat(r.withheldReason).isNull();
            } else {
                assertThat(r.z).isNull();
                assertThat(r.withheldReason).isEqualTo(x.reason.name());
            }
            assertThat((Double) r.scale).as("scale of %s", e.getKey()).isEqualTo((Double) x.scale);
            assertThat((Double) r.ewmaFast).as("ewmaFast of %s", e.getKey()).isEqualTo((Double) x.ewmaFast);
            assertThat((Double) r.ewmaSlow).as("ewmaSlow of %s", e.getKey()).isEqualTo((Double) x.ewmaSlow);
            assertThat((Double) r.floor).as("floor of %s", e.getKey()).isEqualTo((Double) x.floor);
            assertThat(r.floorHit).isEqualTo(x.floorHit);
            assertThat((Double) r.tradesPerSecond).as("tradesPerSecond of %s", e.getKey()).isEqualTo((Double) x.tradesPerSecond);
            assertThat(r.profile).isEqualTo("a1");
            assertThat(r.fingerprint).isEqualTo(config.parameters("a1", r.symbol).fingerprint());
        }

        Map<RejectReason, Long> deadByReason = output.deadLetters.stream()
                .collect(Collectors.groupingBy(d -> d.reason, () -> new EnumMap<>(RejectReason.class), Collectors.counting()));
        assertThat(deadByReason).isEqualTo(expected.rejected);
        Map<String, Long> gapsBySymbol = output.gaps.stream()
                .collect(Collectors.groupingBy(g -> g.symbol, Collectors.counting()));
        assertThat(gapsBySymbol).isEqualTo(expected.gaps);
        assertThat(gapsBySymbol).containsEntry("ETHUSDT", 25L);
    }

    /**
     * The same figures computed without Flink: a symbol's files are read in file-name order (the replay source's
     * documented order), its trades checked for ID order per kind.
     */
    static final class Expected {
        final Map<String, ZResult> records = new LinkedHashMap<>();
        final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
        final Map<String, Long> gaps = new HashMap<>();

        static Expected of(CvdConfig config, List<Path> files) throws Exception {
            Expected x = new Expected();
            Map<String, List<Trade>> bySymbol = new LinkedHashMap<>();
            List<Path> inNameOrder = new ArrayList<>(files);
            inNameOrder.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).thenComparing(Path::toString));
            for (Path f : inNameOrder) {
                try (RecordedFileReader reader = RecordedFileReader.open(f)) {
                    FeedEvent event;
                    while ((event = reader.next()) != null) {
                        if (event.trade != null) {
                            bySymbol.computeIfAbsent(event.trade.symbol, k -> new ArrayList<>()).add(event.trade);
                        } else {
                            x.rejected.merge(event.deadLetter.reason, 1L, Long::sum);
                        }
                    }
                }
            }
            for (Map.Entry<String, List<Trade>> e : bySymbol.entrySet()) {
                String symbol = e.getKey();
                ZEstimator estimator = ZEstimator.create(config.parameters("a1", symbol));
                EstimatorState state = estimator.newState();
                Map<TradeKind, Long> last = new EnumMap<>(TradeKind.class);
                for (Trade t : e.getValue()) {
                    Long previous = last.get(t.kind);
                    if (previous != null && t.tradeId <= previous) {
                        x.rejected.merge(RejectReason.DUPLICATE_ID, 1L, Long::sum);
                        continue;
                    }
                    if (previous != null && t.tradeId > previous + 1) {
                        x.gaps.merge(symbol, 1L, Long::sum);
                    }
                    last.put(t.kind, t.tradeId);
                    ZResult r = new ZResult();
                    estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, r);
                    x.records.put(symbol + "#" + t.tradeId, r);
                }
            }
            return x;
        }
    }
}
