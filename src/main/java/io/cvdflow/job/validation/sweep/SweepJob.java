package io.cvdflow.job.validation.sweep;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceBuilder;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.validation.RecordingPlan;
import io.cvdflow.job.validation.SeriesId;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parameter sweep as one Flink batch job: every trade of every recording is tagged with its series, fanned out
 * to every grid point, keyed by (grid point, series), and run through that point's estimator in keyed state; each
 * key's tally of |Z| comes back to the client when the key's input ends.
 *
 * <p>Order: batch execution sorts a key's records by key and then by timestamp, so each trade's timestamp is its
 * position in its series, and every key sees its series in file order, as the streaming job would.
 */
public final class SweepJob {
    static final TypeInformation<SweepTrade> TRADE = TypeInformation.of(SweepTrade.class);
    static final TypeInformation<SweepTally> TALLY = TypeInformation.of(SweepTally.class);

    /** A running sweep: its job and the tallies as they arrive. */
    public record Started(JobClient job, CloseableIterator<SweepTally> tallies) {}

    private SweepJob() {}

    /**
     * Batch execution, no Kryo, accumulators (the read count) reported every second, and an uncompressed shuffle:
     * on one machine compression only costs CPU.
     */
    public static Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(NettyShuffleEnvironmentOptions.SHUFFLE_COMPRESSION_CODEC, NettyShuffleEnvironmentOptions.CompressionCodec.NONE);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }

    /** Trades the sources have read so far, from the job's accumulators (0 before the first report). */
    public static long tradesRead(Map<String, Object> accumulators) {
        return count(accumulators, SeriesTagger.READ_ACCUMULATOR);
    }

    /** Estimator updates done so far over all grid points, from the job's accumulators. */
    public static long updatesDone(Map<String, Object> accumulators) {
        return count(accumulators, GridPointFunction.SCORED_ACCUMULATOR);
    }

    private static long count(Map<String, Object> accumulators, String name) {
        Object v = accumulators.get(name);
        return v instanceof Number ? ((Number) v).longValue() : 0;
    }

    /**
     * Builds and starts the sweep on {@code env} (configured with {@link #configuration()}).
     *
     * @param series the series in index order: {@link SweepTally#series} indexes this list
     * @param symbols only these symbols, or empty for all
     * @param profile the profile whose parameters the points vary
     * @param pointConfigs each point's configuration, by point index
     */
    public static Started start(StreamExecutionEnvironment env, RecordingPlan plan, List<SeriesId> series,
            Set<String> symbols, String profile, List<CvdConfig> pointConfigs) throws Exception {
        String[] symbolOfSeries = series.stream().map(SeriesId::symbol).toArray(String[]::new);
        DataStream<SweepTrade> trades = null;
        int runs = plan.runs().size();
        for (int r = 0; r < runs; r++) {
            RecordingPlan.Run run = plan.runs().get(r);
            RecordedTradeSourceBuilder source = RecordedTradeSource.builder().paths(run.files().toArray(new Path[0]));
            if (!symbols.isEmpty()) {
                source.symbols(symbols.toArray(new String[0]));
            }
            Map<String, Integer> seriesBySymbol = new HashMap<>();
            run.seriesBySymbol().forEach((symbol, id) -> seriesBySymbol.put(symbol, series.indexOf(id)));
            DataStream<SweepTrade> tagged = env.fromSource(source.build(), WatermarkStrategy.<FeedEvent>noWatermarks(),
                            "recordings, run " + (r + 1) + " of " + runs)
                    .flatMap(new SeriesTagger(seriesBySymbol), TRADE)
                    .name("tag series, run " + (r + 1));
            trades = trades == null ? tagged : trades.union(tagged);
        }
        if (trades == null) {
            throw new IllegalArgumentException("nothing to sweep: the plan has no recordings");
        }
        DataStream<SweepTally> tallies = trades
                .assignTimestampsAndWatermarks(WatermarkStrategy.<SweepTrade>noWatermarks()
                        .withTimestampAssigner((SerializableTimestampAssigner<SweepTrade>) (t, previous) -> t.ordinal))
                .name("order by position in the series")
                .flatMap(new FanOut(pointConfigs.size()), TRADE)
                .name("fan out to " + pointConfigs.size() + " grid points")
                .keyBy((KeySelector<SweepTrade, Long>) SweepTrade::key, Types.LONG)
                .process(new GridPointFunction(pointConfigs, profile, symbolOfSeries), TALLY)
                .name("estimator per grid point and series");
        CloseableIterator<SweepTally> results = tallies.collectAsync();
        JobClient job = env.executeAsync("cvd sweep: " + pointConfigs.size() + " grid points x " + series.size() + " series");
        return new Started(job, results);
    }

    /** One copy of each trade per grid point. */
    static final class FanOut implements FlatMapFunction<SweepTrade, SweepTrade> {
        private static final long serialVersionUID = 1L;
        private final int points;

        FanOut(int points) {
            this.points = points;
        }

        @Override
        public void flatMap(SweepTrade trade, Collector<SweepTrade> out) {
            for (int p = 0; p < points; p++) {
                out.collect(trade.at(p));
            }
        }
    }
}
