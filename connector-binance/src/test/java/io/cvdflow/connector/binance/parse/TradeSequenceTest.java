package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TradeSequenceTest {
    @Test
    void classifiesPerSymbolAndKind() {
        TradeSequence s = new TradeSequence();
        assertThat(s.next("BTCUSDT", TradeKind.AGG_TRADE, 10).status()).isEqualTo(TradeSequence.Status.FIRST);
        assertThat(s.next("BTCUSDT", TradeKind.AGG_TRADE, 11).status()).isEqualTo(TradeSequence.Status.NEXT);
        TradeSequence.Step gap = s.next("BTCUSDT", TradeKind.AGG_TRADE, 15);
        assertThat(gap.status()).isEqualTo(TradeSequence.Status.GAP);
        assertThat(gap.firstMissing()).isEqualTo(12);
        assertThat(gap.lastMissing()).isEqualTo(14);
        assertThat(s.next("BTCUSDT", TradeKind.AGG_TRADE, 15).status()).isEqualTo(TradeSequence.Status.DUPLICATE);
        assertThat(s.next("BTCUSDT", TradeKind.AGG_TRADE, 3).status()).isEqualTo(TradeSequence.Status.DUPLICATE);
        assertThat(s.lastId("BTCUSDT", TradeKind.AGG_TRADE)).isEqualTo(15);
        assertThat(s.next("BTCUSDT", TradeKind.AGG_TRADE, 16).status()).isEqualTo(TradeSequence.Status.NEXT);
        // raw trades and other symbols are separate sequences
        assertThat(s.next("BTCUSDT", TradeKind.TRADE, 5).status()).isEqualTo(TradeSequence.Status.FIRST);
        assertThat(s.next("ETHUSDT", TradeKind.AGG_TRADE, 1).status()).isEqualTo(TradeSequence.Status.FIRST);
        assertThat(s.lastId("ETHUSDT", TradeKind.TRADE)).isEqualTo(-1);
        assertThat(s.size()).isEqualTo(3);
    }

    @Test
    void stateRoundTrips() throws IOException {
        TradeSequence s = new TradeSequence();
        s.next("BTCUSDT", TradeKind.AGG_TRADE, 10);
        s.next("BTCUSD_PERP", TradeKind.TRADE, 849714402L);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.write(new DataOutputStream(bytes));
        TradeSequence read = TradeSequence.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read).isEqualTo(s);
        assertThat(read.copy()).isEqualTo(s);
        assertThat(read.next("BTCUSD_PERP", TradeKind.TRADE, 849714403L).status())
                .isEqualTo(TradeSequence.Status.NEXT);
        assertThat(read).isNotEqualTo(s);
    }

    /** The reconstructed ETHUSDT file holds 26 contiguous segments: 25 gaps, no duplicates. */
    @Test
    void realGapsOfTheReconstructedFile() {
        TradeSequence s = new TradeSequence();
        List<TradeSequence.Step> gaps = new ArrayList<>();
        for (Trade t : RecordedFileReader.readTrades(SharedData.file(SharedData.ETH_RECONSTRUCTED))) {
            TradeSequence.Step step = s.next(t.symbol, t.kind, t.tradeId);
            assertThat(step.status()).isNotEqualTo(TradeSequence.Status.DUPLICATE);
            if (step.status() == TradeSequence.Status.GAP) {
                gaps.add(step);
            }
        }
        assertThat(gaps).hasSize(25);
        // the spot recordings of one symbol join across files without a gap
        TradeSequence spot = new TradeSequence();
        int spotGaps = 0;
        for (String file : List.of(SharedData.SPOT_BTC_08, SharedData.SPOT_BTC_09)) {
            for (Trade t : RecordedFileReader.readTrades(SharedData.file(file))) {
                if (spot.next(t.symbol, t.kind, t.tradeId).status() == TradeSequence.Status.GAP) {
                    spotGaps++;
                }
            }
        }
        assertThat(spotGaps).isZero();
        assertThat(spot.lastId("BTCUSDT", TradeKind.TRADE)).isEqualTo(3735683259L + 9757 + 10147 - 1);
    }
}
