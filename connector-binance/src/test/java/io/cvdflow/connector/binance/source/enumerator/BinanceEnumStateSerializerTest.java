package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceEnumStateSerializerTest {
    private final BinanceEnumStateSerializer serializer = new BinanceEnumStateSerializer();

    @Test
    void roundTripsAssignedSymbolsAndPendingSplits() throws IOException {
        Set<String> assigned = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assigned.add("SYM" + i + "USDT");
        }
        List<BinanceSymbolSplit> pending = List.of(
                BinanceSymbolSplit.fresh("SANDUSDT", StreamType.AGG_TRADE),
                new BinanceSymbolSplit("CTKUSDT", StreamType.AGG_TRADE, 12_345_678L, 1_617_647_760_000L));
        BinanceEnumState state = new BinanceEnumState(assigned, pending);

        BinanceEnumState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(back.assignedSymbols()).isEqualTo(assigned);
        assertThat(back.pendingSplits()).containsExactlyElementsOf(pending);
    }

    @Test
    void roundTripsTheEmptyState() throws IOException {
        BinanceEnumState back = serializer.deserialize(1, serializer.serialize(BinanceEnumState.empty()));
        assertThat(back.assignedSymbols()).isEmpty();
        assertThat(back.pendingSplits()).isEmpty();
    }

    @Test
    void rejectsUnknownVersions() {
        assertThatThrownBy(() -> serializer.deserialize(2, serializer.serialize(BinanceEnumState.empty())))
                .isInstanceOf(IOException.class);
    }
}
