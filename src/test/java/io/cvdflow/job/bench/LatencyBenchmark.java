package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.source.BinanceTradeSource;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.connector.binance.testutils.fakeexchange.SymbolTape;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.WallClock;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Latency from frame receipt to Z under a live-like load: the fake exchange paces the real spot BTCUSDT and ETHUSDT
 * and COIN-M BTCUSD_PERP recordings of 2024-08-08/09 (cycling) at {@code speed} times their recorded pace over
 * WebSocket; the whole job (live source, routing, {@code keyBy}, Z, quality windows, rollback flow) runs on an
 * embedded cluster with checkpoints on, once per network buffer timeout. Latency is the Z record's
 * {@code emittedAtNanos} (stamped by the Z operator) minus its {@code receivedAtNanos} (stamped by the connector
 * when the frame arrived), both wall clock in this JVM; a sink chained after the Z operator also notes when the
 * record reached it. Exact percentiles over every Z record of the measured seconds, after a warm-up.
 *
 * <p>{@code ./cvd bench latency [seconds, default 30] [speed, default 10] [buffer timeouts in ms, default
 * 100,5,1,0] [parallelism, default 1]}
 */
public final class LatencyBenchmark {
    private static final int WARM_UP_SECONDS = 5;
    private static final String[] FILES = Stream.of(Recordings.SPOT_BTCUSDT, Recordings.SPOT_ETHUSDT,
            Recordings.COINM_BTCUSD_PERP).flatMap(Arrays::stream).toArray(String[]::new);

    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        double speed = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        List<Long> timeouts = Stream.of((args.length > 2 ? args[2] : "100,5,1,0").split(","))
                .map(Long::parseLong).collect(Collectors.toList());
        int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 1;

        List<SymbolTape> tapes = Recordings.tapes(FILES).stream().map(SymbolTape::cycling).collect(Collectors.toList());
        List<String> symbols = tapes.stream().map(SymbolTape::symbol).collect(Collectors.toList());
        System.out.printf(Locale.ROOT, "fake exchange: %s (real recordings, cycling) at %.0fx their recorded pace; "
                        + "the whole job on an embedded cluster, parallelism %d, checkpoints on; %d s warm-up and "
                        + "%d s measured per buffer timeout%n", symbols, speed, parallelism, WARM_UP_SECONDS, seconds);
        System.out.println("machine: " + BenchmarkCluster.load());
        List<String> rows = new ArrayList<>();
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).wallClockTimestamps(true).start();
                BenchmarkCluster cluster = new BenchmarkCluster(new org.apache.flink.configuration.Configuration(),
                        parallelism + 1)) {
            exchange.startPacing(Pace.recorded(speed));
            for (long timeoutMs : timeouts) {
                Samples s = run(cluster, exchange, symbols, timeoutMs, seconds, parallelism);
                String row = s.row(timeoutMs, seconds);
                System.out.println(row);
                rows.add(row);
            }
            exchange.stopPacing();
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "receipt -> Z emission (ms), %.0fx recorded pace, %d s per row, %s%n", speed,
                seconds, BenchmarkCluster.load());
        System.out.println("| buffer timeout | Z records | trades/s | p50 | p99 | p99.9 | max | p99 at the sink |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static Samples run(BenchmarkCluster cluster, FakeBinanceExchange exchange, List<String> symbols,
            long timeoutMs, int seconds, int parallelism) throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml(
                "job: {flink: {execution.buffer-timeout.interval: " + timeoutMs + " ms}}", "latency benchmark",
                List.of());
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(parallelism);
        if (env.getBufferTimeout() != timeoutMs) {
            throw new IllegalStateException("buffer timeout " + env.getBufferTimeout() + " ms, not " + timeoutMs);
        }
        BinanceTradeSource source = BinanceTradeSource.builder()
                .setWebSocketUrl(exchange.marketStreamBaseUri().toString())
                .setRestUrl(exchange.restBaseUri().toString())
                .setSymbols(symbols)
                .build();
        CvdPipeline.build(env, config, source, "binance live", null, new ReplayThroughputBenchmark.Discarding() {
            @Override
            public void zRecords(DataStream<ZRecord> records) {
                records.sinkTo(new LatencySink()).name("latency of Z records");
            }
        });
        JobID job = cluster.submit(env, "latency, buffer timeout " + timeoutMs + " ms");
        try {
            Samples.reset(false);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (Samples.current.count == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (Samples.current.count == 0) {
                throw new IllegalStateException("no Z record within 120 s");
            }
            Thread.sleep(WARM_UP_SECONDS * 1000L);
            Samples.reset(true);
            Thread.sleep(seconds * 1000L);
            return Samples.reset(false);
        } finally {
            cluster.cancel(job);
        }
    }

    /** Latencies of the Z records that reached the sink while measuring; one set per run, in this JVM. */
    static final class Samples {
        static volatile Samples current = new Samples(false);

        final boolean measuring;
        long count;
        long[] toZ = new long[1 << 16];
        long[] toSink = new long[1 << 16];

        private Samples(boolean measuring) {
            this.measuring = measuring;
        }

        /** Starts a new set and returns the one that ends. */
        static synchronized Samples reset(boolean measuring) {
            Samples ended = current;
            current = new Samples(measuring);
            return ended;
        }

        static synchronized void add(ZRecord r, long arrivedNanos) {
            Samples s = current;
            if (r.receivedAtNanos <= 0) {
                return;
            }
            int n = (int) s.count++;
            if (!s.measuring) {
                return;
            }
            if (n == s.toZ.length) {
                s.toZ = Arrays.copyOf(s.toZ, n * 2);
                s.toSink = Arrays.copyOf(s.toSink, n * 2);
            }
            s.toZ[n] = r.emittedAtNanos - r.receivedAtNanos;
            s.toSink[n] = arrivedNanos - r.receivedAtNanos;
        }

        String row(long timeoutMs, int seconds) {
            long[] z = Arrays.copyOf(toZ, (int) count);
            long[] sink = Arrays.copyOf(toSink, (int) count);
            Arrays.sort(z);
            Arrays.sort(sink);
            return String.format(Locale.ROOT, "| %d ms%s | %,d | %,.0f | %.3f | %.3f | %.3f | %.3f | %.3f |",
                    timeoutMs, timeoutMs == 0 ? " (flush per record)" : "", count, count / (double) seconds,
                    ms(z, 0.5), ms(z, 0.99), ms(z, 0.999), count == 0 ? 0 : z[z.length - 1] / 1e6, ms(sink, 0.99));
        }

        /** The exact q-quantile: the value at 0-based sorted index {@code floor(q * (n - 1))}. */
        private static double ms(long[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.floor(q * (sorted.length - 1))] / 1e6;
        }
    }

    /** Notes each Z record's latency. */
    private static final class LatencySink implements Sink<ZRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<ZRecord> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(ZRecord record, Context context) {
                    Samples.add(record, WallClock.epochNanos());
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
