package io.cvdflow.job.quality;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Real trades from the shared recordings, read once per JVM, and the A1 estimator's output on them. */
final class RealTrades {
    private static List<Trade> btcSpot;
    private static List<ZResult> btcSpotA1;

    private RealTrades() {}

    /** BTCUSDT spot, 2024-08-08 23:54 to 2024-08-09 00:05: the two recordings joined (they have no gap). */
    static synchronized List<Trade> btcSpot() {
        if (btcSpot == null) {
            List<Trade> trades = new ArrayList<>();
            for (String file : List.of(SharedData.SPOT_BTC_08, SharedData.SPOT_BTC_09)) {
                for (Trade t : RecordedFileReader.readTrades(SharedData.file(file))) {
                    if (t.symbol.equals("BTCUSDT")) {
                        trades.add(t);
                    }
                }
            }
            btcSpot = Collections.unmodifiableList(trades);
        }
        return btcSpot;
    }

    /** The A1 estimator's result for each trade of {@link #btcSpot}. */
    static synchronized List<ZResult> btcSpotA1() {
        if (btcSpotA1 == null) {
            btcSpotA1 = Collections.unmodifiableList(estimate(btcSpot(), EstimatorProfiles.a1()));
        }
        return btcSpotA1;
    }

    /** The estimator's result for each trade, in order, under one parameter set. */
    static List<ZResult> estimate(List<Trade> trades, EstimatorParameters parameters) {
        ZEstimator estimator = ZEstimator.create(parameters);
        EstimatorState state = estimator.newState();
        List<ZResult> results = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            ZResult r = new ZResult();
            estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, r);
            results.add(r);
        }
        return results;
    }

    /** The value at 0-based index {@code floor(q * (n - 1))} of sorted values: what the sketches estimate. */
    static double exactQuantile(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
