package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.source.BinanceSourceOptions;
import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.connector.binance.testutils.fakeexchange.SymbolTape;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live source's split reader against the fake exchange at a fixed trade rate over many symbols (by default
 * 50,000 trades/s over 200 symbols, the real recordings renamed and cycled). The split reader runs on a thread of its
 * own, as under Flink's split fetcher. Prints, per second and over the run: trades emitted, the latency from frame
 * receipt (the trade's {@code receivedAtNanos}) to emission by {@code fetch()}, and the fetch thread's CPU per trade.
 * The exchange runs in the same JVM and shares the machine's cores.
 *
 * <p>Run from the project root after {@code mvn -pl connector-binance test-compile}: {@code java -cp
 * connector-binance/target/test-classes:connector-binance/target/classes:$(cat
 * connector-binance/target/test-classpath.txt) -Dcvd.shared.dir=../shared
 * io.cvdflow.connector.binance.source.reader.LiveSourceBenchmark [tradesPerSecond] [symbols] [seconds]}
 */
public final class LiveSourceBenchmark {
    private static final int WARM_UP_SECONDS = 10;

    private LiveSourceBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 50_000;
        int symbolCount = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        List<SymbolTape> base = Recordings.tapes(Recordings.USDM_SMALLCAPS);
        List<SymbolTape> tapes = new ArrayList<>();
        List<BinanceSymbolSplit> splits = new ArrayList<>();
        for (int i = 0; i < symbolCount; i++) {
            SymbolTape t = base.get(i % base.size());
            SymbolTape renamed = t.renamed(String.format("S%03d%s", i, t.symbol())).cycling();
            tapes.add(renamed);
            splits.add(BinanceSymbolSplit.fresh(renamed.symbol(), StreamType.AGG_TRADE));
        }
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).start()) {
            Configuration config = new Configuration();
            config.set(BinanceSourceOptions.WS_URL, exchange.marketStreamBaseUri().toString());
            config.set(BinanceSourceOptions.REST_URL, exchange.restBaseUri().toString());
            Result result = new Result();
            Thread fetcher = new Thread(() -> result.run(config, splits, exchange, rate, seconds),
                    "benchmark-split-fetcher");
            fetcher.start();
            fetcher.join();
            if (result.failure != null) {
                throw new IllegalStateException(result.failure);
            }
        }
    }

    private static final class Result {
        Throwable failure;

        void run(Configuration config, List<BinanceSymbolSplit> splits, FakeBinanceExchange exchange, double rate,
                int seconds) {
            BinanceSourceReaderMetrics metrics = new BinanceSourceReaderMetrics(new UnregisteredMetricsGroup());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            try {
                BinanceSplitReader reader = new BinanceSplitReader(config, 0, metrics);
                reader.handleSplitsChanges(new SplitsAddition<>(splits));
                while (exchange.connections().stream().filter(c -> c.open).mapToInt(c -> c.streams.size()).sum()
                        < splits.size()) {
                    reader.fetch().recycle();
                }
                exchange.startPacing(Pace.fixedRate(rate));
                System.out.printf("%,.0f trades/s over %d symbols on %d connections; %d s warm-up, %d s measured%n",
                        rate, splits.size(), exchange.openConnectionCount(), WARM_UP_SECONDS, seconds);
                long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (rate * seconds * 1.5) + 1000)];
                int total = 0;
                long cpuAtStart = 0;
                for (int second = -WARM_UP_SECONDS; second < seconds; second++) {
                    if (second == 0) {
                        cpuAtStart = threads.getCurrentThreadCpuTime();
                    }
                    long[] latencies = new long[(int) (rate * 3) + 1000];
                    int n = 0;
                    long end = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        RecordsWithSplitIds<FeedEvent> records = reader.fetch();
                        long now = RestBackfill.epochNanos();
                        while (records.nextSplit() != null) {
                            FeedEvent e;
                            while ((e = records.nextRecordFromSplit()) != null) {
                                if (e.trade != null && n < latencies.length) {
                                    latencies[n++] = now - e.trade.receivedAtNanos;
                                }
                            }
                        }
                        records.recycle();
                    }
                    long[] sorted = Arrays.copyOf(latencies, n);
                    Arrays.sort(sorted);
                    System.out.printf("%s %3d: %,7d trades  p50 %7.3f ms  p99 %8.3f ms  pending frames %,d%n",
                            second < 0 ? "warm-up" : "second ", second < 0 ? second + WARM_UP_SECONDS : second, n,
                            quantile(sorted, 0.5), quantile(sorted, 0.99), reader.pendingInputs());
                    if (second >= 0) {
                        int copy = Math.min(n, all.length - total);
                        System.arraycopy(sorted, 0, all, total, copy);
                        total += copy;
                    }
                }
                long cpu = threads.getCurrentThreadCpuTime() - cpuAtStart;
                exchange.stopPacing();
                reader.close();
                long[] sorted = Arrays.copyOf(all, total);
                Arrays.sort(sorted);
                System.out.printf("measured: %,d trades (%,.0f/s)  p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  "
                                + "max %.3f ms  fetch-thread CPU %.2f us/trade  gaps %d  reconnects %d%n",
                        total, total / (double) seconds, quantile(sorted, 0.5), quantile(sorted, 0.99),
                        quantile(sorted, 0.999), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                        total == 0 ? 0 : cpu / 1e3 / total, metrics.gaps(), metrics.reconnects());
            } catch (Throwable t) {
                failure = t;
            }
        }

        private static double quantile(long[] sorted, double q) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * q)] / 1e6;
        }
    }
}
