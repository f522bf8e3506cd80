package io.cvdflow.connector.binance.source;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.testutils.fakeexchange.ExchangeCounter;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.connector.binance.testutils.fakeexchange.SymbolTape;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.CommonTestUtils;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source in a MiniCluster against the fake exchange: exactly once across a failover restored from a
 * checkpoint, and symbols that discovery adds or removes while the job runs.
 *
 * <p>Exactly once is checked where Flink defines it, in keyed state: a checker keeps each symbol's last trade ID in
 * checkpointed state and records every ID that is not the next one. A replay after a restore rolls that state back
 * together with the source's split state, so any loss or duplicate the source causes shows up.
 */
class BinanceTradeSourceITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    static final Map<String, Long> FIRST_IDS = new ConcurrentHashMap<>();
    static final Map<String, Long> LAST_IDS = new ConcurrentHashMap<>();
    static final Map<String, Long> FIRST_SEEN_NANOS = new ConcurrentHashMap<>();
    static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    static final List<TradeGap> GAPS = new CopyOnWriteArrayList<>();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @BeforeEach
    void reset() {
        FIRST_IDS.clear();
        LAST_IDS.clear();
        FIRST_SEEN_NANOS.clear();
        VIOLATIONS.clear();
        GAPS.clear();
        FAILED.set(false);
    }

    @Test
    void anInjectedFailureRestoresFromACheckpointExactlyOnce() throws Exception {
        runAcrossAFailover(client -> { }, true);
    }

    @Test
    void aTaskManagerFailureRestoresFromACheckpointExactlyOnce(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        runAcrossAFailover(client -> {
            try {
                JobID job = client.getJobID();
                CommonTestUtils.waitForCheckpoint(job, cluster, 2);
                cluster.terminateTaskManager(0).get();
                cluster.startTaskManager();
                FAILED.set(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, false);
    }

    private void runAcrossAFailover(java.util.function.Consumer<JobClient> failure, boolean injectInOperator)
            throws Exception {
        List<SymbolTape> tapes = Recordings.tapes(Recordings.USDM_SMALLCAPS).stream().map(SymbolTape::cycling)
                .collect(Collectors.toList());
        List<String> symbols = tapes.stream().map(SymbolTape::symbol).collect(Collectors.toList());
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).start()) {
            BinanceTradeSource source = testSource(exchange).setSymbols(symbols).build();
            StreamExecutionEnvironment env = environment();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "binance")
                    .map(new FailAfterACheckpoint(injectInOperator))
                    .keyBy(BinanceTradeSourceITCase::symbolOf)
                    .process(new ContinuityChecker())
                    .sinkTo(new DiscardingSink<>());
            JobClient client = env.executeAsync("binance exactly once");
            try {
                await(() -> subscribedStreams(exchange) == symbols.size(), () -> "not subscribed");
                exchange.startPacing(Pace.fixedRate(400));
                failure.accept(client);
                await(FAILED::get, () -> "no failure");
                // after the restart the source reconnects, restores and backfills
                await(() -> exchange.count(ExchangeCounter.CONNECTIONS_OPENED) >= 2
                        && subscribedStreams(exchange) == symbols.size(), () -> "no reconnect");
                Thread.sleep(1_000);
                exchange.stopPacing();
                await(() -> symbols.stream().allMatch(s -> lastPublished(exchange, s) == LAST_IDS.getOrDefault(s,
                        -1L)), () -> "last IDs " + LAST_IDS);
            } finally {
                client.cancel().get();
            }
            assertThat(VIOLATIONS).isEmpty();
            for (String s : symbols) {
                assertThat(FIRST_IDS.get(s)).as("first ID of %s", s).isEqualTo(exchange.publishedIds(s)[0]);
            }
            assertThat(GAPS).noneMatch(g -> g.status == GapStatus.UNRECOVERABLE);
            assertThat(GAPS).anyMatch(g -> g.status == GapStatus.BACKFILLED);
            assertThat(exchange.count(ExchangeCounter.REST_CALLS)).isPositive();
        }
    }

    @Test
    void discoveryStreamsANewSymbolWithinOneIntervalAndReleasesARemovedOne() throws Exception {
        List<SymbolTape> tapes = Recordings.tapes(Recordings.USDM_SMALLCAPS);
        SymbolTape late = tapes.get(4);
        Duration interval = Duration.ofMillis(1_000);
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes.subList(0, 4))
                .unlistedTape(late).start()) {
            BinanceTradeSource source = testSource(exchange)
                    .setSymbolDiscovery("TRADING", "PERPETUAL", "USDT")
                    .setDiscoveryInterval(interval)
                    .build();
            StreamExecutionEnvironment env = environment();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "binance")
                    .keyBy(BinanceTradeSourceITCase::symbolOf)
                    .process(new ContinuityChecker())
                    .sinkTo(new DiscardingSink<>());
            JobClient client = env.executeAsync("binance discovery");
            try {
                await(() -> subscribedStreams(exchange) == 4, () -> "not subscribed");
                exchange.publishAll(40);

                long listedAt = System.nanoTime();
                exchange.listSymbol(late.symbol());
                await(() -> subscribedStreams(exchange) == 5, () -> "new symbol not subscribed");
                Duration toSubscribe = Duration.ofNanos(System.nanoTime() - listedAt);
                exchange.publish(late.symbol(), 20);
                await(() -> LAST_IDS.getOrDefault(late.symbol(), -1L) == lastPublished(exchange, late.symbol()),
                        () -> "new symbol not streamed");
                Duration toStream = Duration.ofNanos(FIRST_SEEN_NANOS.get(late.symbol()) - listedAt);

                String removed = tapes.get(0).symbol();
                exchange.delistSymbol(removed);
                await(() -> subscribedStreams(exchange) == 4, () -> "removed symbol still subscribed");
                exchange.publishAll(40);
                List<String> kept = new ArrayList<>();
                tapes.subList(1, 5).forEach(t -> kept.add(t.symbol()));
                await(() -> kept.stream().allMatch(s -> lastPublished(exchange, s) == LAST_IDS.getOrDefault(s, -1L)),
                        () -> "last IDs " + LAST_IDS);

                assertThat(toSubscribe).isLessThan(interval.plusMillis(500));
                assertThat(toStream).isLessThan(interval.plusSeconds(1));
                assertThat(exchange.count(ExchangeCounter.SUBSCRIBE_REQUESTS)).isEqualTo(1);
                assertThat(exchange.count(ExchangeCounter.UNSUBSCRIBE_REQUESTS)).isEqualTo(1);
                assertThat(exchange.connections()).singleElement();
            } finally {
                client.cancel().get();
            }
            assertThat(VIOLATIONS).isEmpty();
        }
    }

    private static BinanceTradeSourceBuilder testSource(FakeBinanceExchange exchange) {
        return BinanceTradeSource.builder()
                .setWebSocketUrl(exchange.marketStreamBaseUri().toString())
                .setRestUrl(exchange.restBaseUri().toString())
                .setStallTimeout(Duration.ofSeconds(3))
                .setReconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(500), 0.2)
                .setOption(BinanceSourceOptions.RESYNC_DELAY, Duration.ofMillis(200))
                .setOption(BinanceSourceOptions.CATCH_UP_TIMEOUT, Duration.ofSeconds(2));
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        return env;
    }

    private static String symbolOf(FeedEvent e) {
        if (e.trade != null) {
            return e.trade.symbol;
        }
        if (e.gap != null) {
            return e.gap.symbol;
        }
        return e.deadLetter.symbol == null ? "" : e.deadLetter.symbol;
    }

    private static int subscribedStreams(FakeBinanceExchange exchange) {
        return exchange.connections().stream().filter(c -> c.open).mapToInt(c -> c.streams.size()).sum();
    }

    private static long lastPublished(FakeBinanceExchange exchange, String symbol) {
        long[] ids = exchange.publishedIds(symbol);
        return ids.length == 0 ? -2 : ids[ids.length - 1];
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what.get() + "; violations " + VIOLATIONS);
            }
            Thread.sleep(20);
        }
    }

    /** Fails the job once, some records after a checkpoint completed, so that a replay follows the restore. */
    static final class FailAfterACheckpoint extends RichMapFunction<FeedEvent, FeedEvent>
            implements CheckpointListener {
        private final boolean enabled;
        private long records;
        private long armedAt = -1;

        FailAfterACheckpoint(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public FeedEvent map(FeedEvent event) {
            records++;
            if (enabled && armedAt >= 0 && records > armedAt + 100 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("failure injected by the test after a checkpoint");
            }
            return event;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (armedAt < 0 && records >= 300) {
                armedAt = records;
            }
        }
    }

    /** Keeps each symbol's last trade ID in keyed state and records every ID that does not follow it. */
    static final class ContinuityChecker extends KeyedProcessFunction<String, FeedEvent, FeedEvent> {
        private transient ValueState<Long> lastId;

        @Override
        public void open(OpenContext openContext) {
            lastId = getRuntimeContext().getState(new ValueStateDescriptor<>("lastId", Long.class));
        }

        @Override
        public void processElement(FeedEvent e, Context ctx, Collector<FeedEvent> out) throws Exception {
            if (e.gap != null) {
                GAPS.add(e.gap);
            }
            if (e.trade == null) {
                return;
            }
            String symbol = e.trade.symbol;
            long id = e.trade.tradeId;
            Long last = lastId.value();
            if (last == null) {
                FIRST_IDS.putIfAbsent(symbol, id);
                FIRST_SEEN_NANOS.putIfAbsent(symbol, System.nanoTime());
            } else if (id != last + 1) {
                VIOLATIONS.add(symbol + ": " + id + " after " + last);
            }
            lastId.update(id);
            LAST_IDS.put(symbol, id);
            out.collect(e);
        }
    }
}
