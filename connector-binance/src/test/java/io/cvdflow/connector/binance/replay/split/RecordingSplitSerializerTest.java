package io.cvdflow.connector.binance.replay.split;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.parse.TradeSequence;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingSplitSerializerTest {
    /** A split part-way through real data: continuity and extent of the real trades read so far. */
    static RecordingSplit midway() {
        TradeSequence sequence = new TradeSequence();
        PassExtent extent = new PassExtent();
        for (String file : List.of(SharedData.CRYPTOFEED, SharedData.COINM_08)) {
            for (Trade t : RecordedFileReader.readTrades(SharedData.file(file))) {
                sequence.next(t.symbol, t.kind, t.tradeId);
                extent.record(t);
            }
        }
        return new RecordingSplit("recording-7",
                List.of(SharedData.file(SharedData.CRYPTOFEED).toString(), SharedData.file(SharedData.COINM_08).toString()),
                Set.of("BTCUSD_PERP", "SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "CHRUSDT"),
                1, 48270, 2, sequence, extent, 1723161257679L);
    }

    @Test
    void roundTrip() throws IOException {
        RecordingSplitSerializer serializer = RecordingSplitSerializer.INSTANCE;
        RecordingSplit split = midway();
        RecordingSplit copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
        assertThat(copy).isEqualTo(split);
        assertThat(copy.sequence().lastId("SANDUSDT", io.cvdflow.connector.binance.model.TradeKind.AGG_TRADE))
                .isEqualTo(split.sequence().lastId("SANDUSDT", io.cvdflow.connector.binance.model.TradeKind.AGG_TRADE));
        assertThat(copy.extent().timeSpanMs()).isEqualTo(split.extent().timeSpanMs()).isPositive();

        RecordingSplit unread = RecordingSplit.unread("recording-0", List.of("/a.gz"), Set.of());
        assertThat(serializer.deserialize(1, serializer.serialize(unread))).isEqualTo(unread);
        assertThatThrownBy(() -> serializer.deserialize(99, serializer.serialize(unread)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void stateAdvancesAndBecomesASplitAgain() {
        RecordingSplit split = midway();
        RecordingSplitState state = new RecordingSplitState(split);
        assertThat(state.toSplit()).isEqualTo(split);
        state.advance(1, 48300, 2);
        state.sequence().next("NEOUSDT", io.cvdflow.connector.binance.model.TradeKind.AGG_TRADE, Long.MAX_VALUE);
        RecordingSplit advanced = state.toSplit();
        assertThat(advanced.linesConsumed()).isEqualTo(48300);
        assertThat(advanced).isNotEqualTo(split);
        // the split handed in is not changed by its state
        assertThat(split.linesConsumed()).isEqualTo(48270);
        assertThat(state.origin(0, 12)).isEqualTo("file:" + SharedData.file(SharedData.CRYPTOFEED) + ":12");
    }

    @Test
    void passExtentShiftsLaterPasses() {
        PassExtent extent = new PassExtent();
        List<Trade> trades = RecordedFileReader.readTrades(SharedData.file(SharedData.ETH_RECONSTRUCTED));
        trades.forEach(extent::record);
        Trade first = trades.get(0);
        Trade last = trades.get(trades.size() - 1);
        long idSpan = last.tradeId - first.tradeId + 1;
        assertThat(extent.idSpan("ETHUSDT", first.kind)).isEqualTo(idSpan);
        assertThat(extent.timeSpanMs()).isEqualTo(last.eventTimeMs - first.eventTimeMs + 1);
        Trade shifted = RecordedFileReader.readTrades(SharedData.file(SharedData.ETH_RECONSTRUCTED)).get(0);
        extent.shift(shifted, 2);
        assertThat(shifted.tradeId).isEqualTo(first.tradeId + 2 * idSpan);
        assertThat(shifted.eventTimeMs).isEqualTo(first.eventTimeMs + 2 * extent.timeSpanMs());
        assertThat(extent.idSpan("BTCUSDT", first.kind)).isZero();
    }
}
