package io.cvdflow.job.cluster;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.testutils.fakeexchange.AggTrade;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import io.cvdflow.job.model.ZRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * The Z records an uninterrupted run would write for what the fake exchange published: the estimator applied
 * directly, without Flink, to the symbol's published trades from a given ID on.
 */
final class ExchangeReference {
    private ExchangeReference() {}

    /** The records of the symbol's published trades from {@code fromId} on, with a fresh estimator state at {@code fromId}. */
    static List<ZRecord> zRecords(FakeBinanceExchange exchange, String symbol, long fromId, String profile,
            EstimatorParameters parameters) {
        ZEstimator estimator = ZEstimator.create(parameters);
        EstimatorState state = estimator.newState();
        ZResult result = new ZResult();
        List<ZRecord> out = new ArrayList<>();
        for (AggTrade a : exchange.published(symbol)) {
            if (a.id < fromId) {
                continue;
            }
            Trade t = new Trade(a.symbol, a.id, TradeKind.AGG_TRADE, Double.parseDouble(a.price),
                    Double.parseDouble(a.quantity), a.buyerMaker, a.tradeTimeMs, a.eventTimeMs, 0, -1);
            estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, result);
            out.add(ZRecord.of(t, result, profile, parameters.fingerprint()));
        }
        return out;
    }
}
