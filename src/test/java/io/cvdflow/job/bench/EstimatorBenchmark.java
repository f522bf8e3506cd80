package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Trades per second of each estimator on one core, over every real recording, one state per symbol and file.
 * The recorded trades are replayed in a loop; each pass shifts their times forward so time keeps moving.
 *
 * <p>Run: {@code java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt)
 * org.openjdk.jmh.Main EstimatorBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EstimatorBenchmark {
    private static final int TRADES_PER_INVOCATION = 100_000;

    @Param({"a1", "level", "calibrated"})
    public String estimator;

    private long[] tradeId;
    private double[] quantity;
    private boolean[] buyerMaker;
    private long[] timeMs;
    private int[] series;
    private long passShiftMs;

    private ZEstimator z;
    private EstimatorState[] states;
    private final ZResult result = new ZResult();
    private int cursor;
    private long timeOffsetMs;

    @Setup
    public void load() {
        List<Trade> trades = new ArrayList<>();
        List<Integer> seriesOfTrade = new ArrayList<>();
        int count = 0;
        for (Path file : SharedData.all()) {
            Map<String, List<Trade>> bySymbol = new LinkedHashMap<>();
            for (Trade t : RecordedFileReader.readTrades(file)) {
                bySymbol.computeIfAbsent(t.symbol, s -> new ArrayList<>()).add(t);
            }
            for (List<Trade> symbolTrades : bySymbol.values()) {
                for (Trade t : symbolTrades) {
                    trades.add(t);
                    seriesOfTrade.add(count);
                }
                count++;
            }
        }
        int n = trades.size();
        tradeId = new long[n];
        quantity = new double[n];
        buyerMaker = new boolean[n];
        timeMs = new long[n];
        series = new int[n];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Trade t = trades.get(i);
            tradeId[i] = t.tradeId;
            quantity[i] = t.quantity;
            buyerMaker[i] = t.buyerMaker;
            timeMs[i] = t.eventTimeMs;
            series[i] = seriesOfTrade.get(i);
            first = Math.min(first, t.eventTimeMs);
            last = Math.max(last, t.eventTimeMs);
        }
        passShiftMs = last - first + 3_600_000L;

        EstimatorParameters parameters = estimator.equals("level")
                ? EstimatorProfiles.a1().with("Z_MODE", "level")
                : EstimatorProfiles.builtIns().get(estimator);
        z = ZEstimator.create(parameters);
        states = new EstimatorState[count];
        for (int i = 0; i < count; i++) {
            states[i] = z.newState();
        }
    }

    @Benchmark
    @OperationsPerInvocation(TRADES_PER_INVOCATION)
    public double update() {
        double sum = 0;
        int i = cursor;
        for (int k = 0; k < TRADES_PER_INVOCATION; k++) {
            z.update(states[series[i]], tradeId[i], quantity[i], buyerMaker[i], timeMs[i] + timeOffsetMs, result);
            if (result.hasZ()) {
                sum += result.z;
            }
            if (++i == quantity.length) {
                i = 0;
                timeOffsetMs += passShiftMs;
            }
        }
        cursor = i;
        return sum;
    }
}
