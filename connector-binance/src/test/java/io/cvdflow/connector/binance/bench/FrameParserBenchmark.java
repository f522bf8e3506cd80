package io.cvdflow.connector.binance.bench;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.parse.AggTradeCsvParser;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;
import io.cvdflow.connector.binance.parse.SharedData;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parse throughput on real frames held in memory; the score is frames (or rows) per second on one thread.
 *
 * <p>Run: {@code java -cp <build>/test-classes:<build>/classes:$(cat <build>/test-classpath.txt)
 * org.openjdk.jmh.Main FrameParserBenchmark -f 1 -wi 3 -i 5} from the project root (the recordings are read
 * from {@code ../shared/data}, or {@code -Dcvd.shared.dir}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameParserBenchmark {
    /** Every USD-M futures aggTrade frame (both recordings), cycled to a fixed batch. */
    private static final int BATCH = 40_000;

    private byte[][] futuresFrames;
    private byte[][] spotLines;
    private byte[][] csvRows;
    private AggTradeFrameParser frameParser;
    private AggTradeCsvParser csvParser;

    @Setup
    public void load() {
        futuresFrames = batch(concat(SharedData.lines(SharedData.CRYPTOFEED),
                SharedData.lines(SharedData.ETH_RECONSTRUCTED)));
        spotLines = batch(SharedData.lines(SharedData.SPOT_BTC_08));
        csvRows = batch(SharedData.lines(SharedData.SPOT_CSV));
        frameParser = new AggTradeFrameParser();
        csvParser = new AggTradeCsvParser("BTCUSDT-aggTrades-2026-01-01.csv");
    }

    /** USD-M futures aggTrade frames, combined-stream envelopes. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void futuresAggTradeFrames(Blackhole bh) {
        for (byte[] frame : futuresFrames) {
            bh.consume(frameParser.parse(frame, "bench", 0L));
        }
    }

    /** A recorded spot WebSocket file as it comes: prefixed lines, 24% trades, the rest depth and book tickers. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void recordedSpotLines(Blackhole bh) {
        for (byte[] line : spotLines) {
            bh.consume(frameParser.parse(line, "bench", 0L));
        }
    }

    /** Rows of a public aggTrades dump. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void dumpCsvRows(Blackhole bh) {
        for (byte[] row : csvRows) {
            FeedEvent event = csvParser.parse(row, 0, row.length, "bench", 0L);
            bh.consume(event);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static byte[][] batch(List<String> lines) {
        byte[][] out = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            out[i] = lines.get(i % lines.size()).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }
}
