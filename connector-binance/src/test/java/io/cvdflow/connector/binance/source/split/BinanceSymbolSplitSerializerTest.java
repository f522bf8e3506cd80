package io.cvdflow.connector.binance.source.split;

import io.cvdflow.connector.binance.source.StreamType;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceSymbolSplitSerializerTest {
    private final BinanceSymbolSplitSerializer serializer = new BinanceSymbolSplitSerializer();

    @Test
    void roundTripsFreshAndAdvancedSplits() throws IOException {
        for (BinanceSymbolSplit split : new BinanceSymbolSplit[] {
            BinanceSymbolSplit.fresh("BTCUSDT", StreamType.AGG_TRADE),
            new BinanceSymbolSplit("ETHUSDT", StreamType.AGG_TRADE, 3_800_402_494L, 1_767_225_599_123L),
            new BinanceSymbolSplit("1000SHIBUSDT", StreamType.TRADE, 42L, 7L)
        }) {
            byte[] bytes = serializer.serialize(split);
            BinanceSymbolSplit back = serializer.deserialize(serializer.getVersion(), bytes);
            assertThat(back).isEqualTo(split);
            assertThat(back.splitId()).isEqualTo(split.splitId());
        }
    }

    @Test
    void splitIdNamesSymbolAndStream() {
        assertThat(BinanceSymbolSplit.fresh("BTCUSDT", StreamType.AGG_TRADE).splitId()).isEqualTo("BTCUSDT@aggTrade");
        assertThat(BinanceSymbolSplit.fresh("BTCUSDT", StreamType.TRADE).splitId()).isEqualTo("BTCUSDT@trade");
    }

    @Test
    void stateAdvancesAndBecomesASplitAgain() {
        BinanceSymbolSplitState state = new BinanceSymbolSplitState(BinanceSymbolSplit.fresh("BTCUSDT",
                StreamType.AGG_TRADE));
        state.advance(100, 5_000);
        assertThat(state.toSplit()).isEqualTo(new BinanceSymbolSplit("BTCUSDT", StreamType.AGG_TRADE, 100, 5_000));
    }

    @Test
    void rejectsUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(99,
                serializer.serialize(BinanceSymbolSplit.fresh("BTCUSDT", StreamType.AGG_TRADE))))
                .isInstanceOf(IOException.class).hasMessageContaining("version 99");
    }
}
