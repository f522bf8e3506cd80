package io.cvdflow.connector.binance.replay;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay source on a MiniCluster, over every recording in {@code ../shared/data}. */
class RecordedTradeSourceITCase {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .build());

    /** Trades of every (symbol, kind) in the order a split reads them: its files by name, each in file order. */
    private static Map<String, List<Trade>> expectedTrades() throws Exception {
        Map<String, List<Trade>> expected = new TreeMap<>();
        for (RecordingSplit split : RecordedTradeSource.builder().paths(SharedData.dir()).build().planner().plan()) {
            for (String file : split.files()) {
                for (Trade t : RecordedFileReader.readTrades(Paths.get(file))) {
                    expected.computeIfAbsent(t.symbol + "/" + t.kind, k -> new ArrayList<>()).add(t);
                }
            }
        }
        return expected;
    }

    private static Map<String, List<Trade>> tradesByKey(List<FeedEvent> events) {
        return events.stream().filter(e -> e.trade != null).map(e -> e.trade)
                .collect(Collectors.groupingBy(t -> t.symbol + "/" + t.kind, TreeMap::new, Collectors.toList()));
    }

    private static List<TradeGap> gaps(List<FeedEvent> events) {
        return events.stream().filter(e -> e.gap != null).map(e -> e.gap).collect(Collectors.toList());
    }

    private static List<FeedEvent> run(StreamExecutionEnvironment env, DataStream<FeedEvent> stream, JobID[] jobId)
            throws Exception {
        List<FeedEvent> events = new ArrayList<>();
        try (CloseableIterator<FeedEvent> it = stream.collectAsync()) {
            JobClient client = env.executeAsync("replay");
            jobId[0] = client.getJobID();
            it.forEachRemaining(events::add);
        }
        return events;
    }

    private static long counterSum(JobID job, String suffix) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> group : REPORTER.getMetricsByGroup().entrySet()) {
            if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> metric : group.getValue().entrySet()) {
                if (metric.getValue() instanceof Counter
                        && group.getKey().getMetricIdentifier(metric.getKey()).endsWith(suffix)) {
                    sum += ((Counter) metric.getValue()).getCount();
                }
            }
        }
        return sum;
    }

    @Test
    void replaysAllRecordingsWithCountsGapsAndSkips() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        RecordedTradeSource source = RecordedTradeSource.builder().paths(SharedData.dir()).build();
        DataStream<FeedEvent> stream = env.fromSource(source, WatermarkStrategy.noWatermarks(), "replay");
        JobID[] job = new JobID[1];
        List<FeedEvent> events = run(env, stream, job);

        Map<String, List<Trade>> expected = expectedTrades();
        Map<String, List<Trade>> actual = tradesByKey(events);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, trades) -> assertThat(actual.get(key)).as(key).isEqualTo(trades));
        actual.forEach((key, trades) -> {
            for (int i = 1; i < trades.size(); i++) {
                assertThat(trades.get(i).tradeId).as(key).isGreaterThan(trades.get(i - 1).tradeId);
            }
        });
        assertThat(actual.get("ETHUSDT/AGG_TRADE")).hasSize(40_333);
        assertThat(actual.get("BTCUSDT/TRADE")).hasSize(9_757 + 10_147);

        // the reconstructed ETHUSDT file: 26 contiguous segments, so 25 gaps, and no other symbol has any
        assertThat(gaps(events)).hasSize(25).allSatisfy(g -> assertThat(g.symbol).isEqualTo("ETHUSDT"));
        assertThat(events).noneMatch(e -> e.deadLetter != null);

        long trades = expected.values().stream().mapToLong(List::size).sum();
        assertThat(counterSum(job[0], ".tradesEmitted")).isEqualTo(trades);
        assertThat(counterSum(job[0], ".gapsDetected")).isEqualTo(2 * 25); // total and the ETHUSDT group
        assertThat(counterSum(job[0], ".symbol.ETHUSDT.gapsDetected")).isEqualTo(25);
        assertThat(counterSum(job[0], ".deadLetters")).isZero();
        assertThat(counterSum(job[0], ".kind.bookTicker.skippedFrames"))
                .isEqualTo(28_040 + 45_134 + 24_077 + 34_681 + 19_136 + 29_219);
        assertThat(counterSum(job[0], ".kind.depthUpdate.skippedFrames"))
                .isEqualTo(3_451 + 3_044 + 3_434 + 3_036 + 26_847 + 17_948);
        assertThat(counterSum(job[0], ".kind.depthSnapshot.skippedFrames")).isEqualTo(3);
        assertThat(counterSum(job[0], ".linesRead"))
                .isEqualTo(40_333 + 574 + 41_249 + 58_325 + 33_618 + 46_126 + 48_270 + 50_116 + 5_000);
    }

    /** Fails once after a checkpoint; the collected output is exactly the replay, nothing lost or doubled. */
    @Test
    void failoverRestoresExactlyOnce() throws Exception {
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "150 ms");
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "2");
        conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        FailOnceAfterCheckpoint.FAILED.set(false);
        FailOnceAfterCheckpoint.RESTARTED_RECORDS.set(0);
        RecordedTradeSource source = RecordedTradeSource.builder().paths(SharedData.dir()).build();
        DataStream<FeedEvent> stream = env.fromSource(source, WatermarkStrategy.noWatermarks(), "replay")
                .map(new FailOnceAfterCheckpoint(15_000));
        List<FeedEvent> events = run(env, stream, new JobID[1]);

        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
        // the restarted attempt resumed from the checkpointed positions instead of starting over
        assertThat(FailOnceAfterCheckpoint.RESTARTED_RECORDS.get()).isPositive()
                .isLessThanOrEqualTo(events.size() - 15_000);
        Map<String, List<Trade>> expected = expectedTrades();
        Map<String, List<Trade>> actual = tradesByKey(events);
        expected.forEach((key, trades) -> assertThat(actual.get(key)).as(key).isEqualTo(trades));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        assertThat(gaps(events)).hasSize(25);
        assertThat(events).noneMatch(e -> e.deadLetter != null);
    }

    /** Derived data: 5 symbols copied to 500 names, the input played twice with continuous sequences. */
    @Test
    void repeatAndSymbolCopiesScaleOut() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Path file = SharedData.file(SharedData.CRYPTOFEED);
        RecordedTradeSource source = RecordedTradeSource.builder().paths(file).repeat(2).symbolCopies(100).build();
        List<FeedEvent> events = run(env, env.fromSource(source, WatermarkStrategy.noWatermarks(), "replay"),
                new JobID[1]);

        Map<String, Long> perSymbol = new HashMap<>();
        RecordedFileReader.readTrades(file).forEach(t -> perSymbol.merge(t.symbol, 2L, Long::sum));
        Map<String, List<Trade>> actual = tradesByKey(events);
        assertThat(actual).hasSize(500);
        actual.forEach((key, trades) -> {
            String original = key.substring(0, key.indexOf('/')).replaceFirst("_C\\d+$", "");
            assertThat((long) trades.size()).as(key).isEqualTo(perSymbol.get(original));
            for (int i = 1; i < trades.size(); i++) {
                assertThat(trades.get(i).tradeId).as(key).isEqualTo(trades.get(i - 1).tradeId + 1);
            }
        });
        assertThat(gaps(events)).isEmpty();
    }

    /**
     * Fails the job once: after {@code afterRecords} records, a checkpoint taken after them completes, then the
     * next record throws. Until that checkpoint is through, it holds the stream back.
     */
    private static final class FailOnceAfterCheckpoint extends RichMapFunction<FeedEvent, FeedEvent>
            implements CheckpointedFunction, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicLong RESTARTED_RECORDS = new AtomicLong();
        private final long afterRecords;
        private long records;
        private long firstCheckpointAfter = Long.MAX_VALUE;
        private volatile boolean checkpointed;

        FailOnceAfterCheckpoint(long afterRecords) {
            this.afterRecords = afterRecords;
        }

        @Override
        public FeedEvent map(FeedEvent event) throws Exception {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() > 0) {
                RESTARTED_RECORDS.incrementAndGet();
            }
            if (++records > afterRecords && !FAILED.get()) {
                if (!checkpointed) {
                    Thread.sleep(1);
                } else if (FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure after " + records + " records");
                }
            }
            return event;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (records > afterRecords) {
                firstCheckpointAfter = Math.min(firstCheckpointAfter, context.getCheckpointId());
            }
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (checkpointId >= firstCheckpointAfter) {
                checkpointed = true;
            }
        }
    }
}
