package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Recordings turned into tapes: raw trades merged into aggTrades, aggTrades renumbered, renaming and cycling. */
class SymbolTapeTest {

    @Test
    void rawTradesMergeIntoAggTradesKeepingEveryQuantityExactly() {
        for (String[] files : List.of(Recordings.SPOT_BTCUSDT, Recordings.SPOT_ETHUSDT, Recordings.COINM_BTCUSD_PERP)) {
            List<Trade> raw = Recordings.trades(files);
            SymbolTape tape = Recordings.tape(files);
            List<AggTrade> aggs = tape.recorded();
            assertThat(raw).allSatisfy(t -> assertThat(t.kind).isEqualTo(TradeKind.TRADE));
            assertThat(tape.hasRawTrades()).isTrue();
            assertThat(aggs.size()).as("%s merges multi-fill trades", tape.symbol()).isLessThan(raw.size());

            BigDecimal[] rawBySide = {BigDecimal.ZERO, BigDecimal.ZERO};
            for (Trade t : raw) {
                rawBySide[t.buyerMaker ? 1 : 0] = rawBySide[t.buyerMaker ? 1 : 0].add(BigDecimal.valueOf(t.quantity));
            }
            BigDecimal[] aggBySide = {BigDecimal.ZERO, BigDecimal.ZERO};
            for (AggTrade a : aggs) {
                aggBySide[a.buyerMaker ? 1 : 0] = aggBySide[a.buyerMaker ? 1 : 0].add(new BigDecimal(a.quantity));
            }
            assertThat(aggBySide[0]).as("%s taker buys", tape.symbol()).isEqualByComparingTo(rawBySide[0]);
            assertThat(aggBySide[1]).as("%s taker sells", tape.symbol()).isEqualByComparingTo(rawBySide[1]);

            List<Long> rawIds = new ArrayList<>();
            for (int i = 0; i < aggs.size(); i++) {
                AggTrade a = aggs.get(i);
                assertThat(a.id).isEqualTo(raw.get(0).tradeId + i);
                assertThat(a.firstTradeId).isEqualTo(a.rawTrades.get(0).id);
                assertThat(a.lastTradeId).isEqualTo(a.rawTrades.get(a.rawTrades.size() - 1).id);
                BigDecimal sum = BigDecimal.ZERO;
                for (RawTrade r : a.rawTrades) {
                    assertThat(r.price).isEqualTo(a.price);
                    assertThat(r.buyerMaker).isEqualTo(a.buyerMaker);
                    assertThat(r.tradeTimeMs).isEqualTo(a.tradeTimeMs);
                    sum = sum.add(new BigDecimal(r.quantity));
                    rawIds.add(r.id);
                }
                assertThat(new BigDecimal(a.quantity)).isEqualByComparingTo(sum);
                assertThat(a.eventTimeMs).isGreaterThanOrEqualTo(a.tradeTimeMs);
                if (i > 0) {
                    AggTrade prev = aggs.get(i - 1);
                    assertThat(prev.price.equals(a.price) && prev.buyerMaker == a.buyerMaker
                            && prev.tradeTimeMs == a.tradeTimeMs).as("merge is maximal at %s", a).isFalse();
                }
            }
            assertThat(rawIds).isEqualTo(raw.stream().map(t -> t.tradeId).collect(Collectors.toList()));
        }
    }

    @Test
    void decimalsAreTheRecordedOnesWithoutTrailingZeros() {
        SymbolTape btc = Recordings.tape(Recordings.SPOT_BTCUSDT);
        RawTrade first = btc.recorded().get(0).rawTrades.get(0);
        // recorded as "p":"61837.63000000","q":"0.02000000"
        assertThat(first.price).isEqualTo("61837.63");
        assertThat(first.quantity).isEqualTo("0.02");
        assertThat(SymbolTape.decimal(0.00009)).isEqualTo("0.00009");
        assertThat(SymbolTape.decimal(369.0)).isEqualTo("369");
        assertThat(SymbolTape.decimal(0.69067)).isEqualTo("0.69067");
    }

    @Test
    void recordedAggTradesAreRenumberedWithoutTheRecordersGaps() {
        List<Trade> recorded = Recordings.trades(Recordings.USDM_ETHUSDT);
        SymbolTape tape = Recordings.tape(Recordings.USDM_ETHUSDT);
        long distinct = recorded.stream().mapToLong(t -> t.tradeId).distinct().count();
        assertThat(tape.size()).isEqualTo(distinct);
        assertThat(recorded.get(recorded.size() - 1).tradeId - recorded.get(0).tradeId + 1)
                .as("the recording has gaps between its runs").isGreaterThan(distinct);
        List<AggTrade> aggs = tape.recorded();
        for (int i = 0; i < aggs.size(); i++) {
            AggTrade a = aggs.get(i);
            Trade t = recorded.get(i);
            assertThat(a.id).isEqualTo(recorded.get(0).tradeId + i);
            assertThat(Double.parseDouble(a.price)).isEqualTo(t.price);
            assertThat(Double.parseDouble(a.quantity)).isEqualTo(t.quantity);
            assertThat(a.buyerMaker).isEqualTo(t.buyerMaker);
            assertThat(a.tradeTimeMs).isEqualTo(t.eventTimeMs);
            assertThat(a.firstTradeId).isEqualTo(a.id).isEqualTo(a.lastTradeId);
            assertThat(a.rawTrades).isEmpty();
        }
        assertThat(tape.hasRawTrades()).isFalse();
    }

    @Test
    void aRenamedTapeServesTheSameTradesUnderAnotherSymbol() {
        SymbolTape bat = Recordings.tapes(Recordings.USDM_SMALLCAPS).get(2);
        assertThat(bat.symbol()).isEqualTo("BATUSDT");
        SymbolTape renamed = bat.renamed("ZZZ001USDT");
        assertThat(renamed.symbol()).isEqualTo("ZZZ001USDT");
        AggTrade original = bat.trade(7);
        AggTrade copy = renamed.trade(7);
        assertThat(copy.symbol).isEqualTo("ZZZ001USDT");
        assertThat(copy.id).isEqualTo(original.id);
        assertThat(copy.price).isEqualTo(original.price);
        assertThat(copy.quantity).isEqualTo(original.quantity);
        assertThat(copy.tradeTimeMs).isEqualTo(original.tradeTimeMs);
    }

    @Test
    void aCyclingTapeContinuesWithIdsAndTimesMovedOn() {
        SymbolTape btc = Recordings.tape(Recordings.SPOT_BTCUSDT);
        assertThat(btc.trade(btc.size())).as("a tape that does not cycle ends").isNull();
        SymbolTape cycling = btc.cycling();
        int n = cycling.size();
        AggTrade last = cycling.trade(n - 1);
        AggTrade again = cycling.trade(n);
        AggTrade first = cycling.trade(0);
        assertThat(again.id).isEqualTo(last.id + 1);
        assertThat(again.firstTradeId).isEqualTo(last.lastTradeId + 1);
        assertThat(again.rawTrades.get(0).id).isEqualTo(again.firstTradeId);
        assertThat(again.tradeTimeMs).isEqualTo(last.tradeTimeMs + SymbolTape.CYCLE_GAP_MS);
        assertThat(again.price).isEqualTo(first.price);
        assertThat(again.quantity).isEqualTo(first.quantity);
        assertThat(cycling.trade(3L * n + 5).id).isEqualTo(first.id + 3L * n + 5);
        assertThat(cycling.paceOffsetMs(n)).isGreaterThan(cycling.paceOffsetMs(n - 1));
    }

    @Test
    void pacingSkipsTheRecordingsLongQuietStretches() {
        SymbolTape eth = Recordings.tape(Recordings.USDM_ETHUSDT);
        int n = eth.size();
        long recordedSpan = eth.trade(n - 1).tradeTimeMs - eth.trade(0).tradeTimeMs;
        assertThat(eth.paceOffsetMs(n - 1)).isLessThan(recordedSpan);
        for (int i = 1; i < n; i++) {
            assertThat(eth.paceOffsetMs(i) - eth.paceOffsetMs(i - 1)).isBetween(0L, SymbolTape.MAX_PACE_GAP_MS);
        }
    }
}
