package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge of live frames and REST pages, on the 5,000 consecutive real BTCUSDT aggTrades of the public dump
 * (IDs 3800397495..3800402494), replayed as the live stream and as REST history.
 */
class SymbolStreamTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RESYNC_DELAY = 1_000 * MS;
    private static final long CATCH_UP = 2_000 * MS;

    static List<Trade> tape;
    static long firstId;

    @BeforeAll
    static void readTape() {
        Path csv = Path.of(System.getProperty("cvd.shared.dir", "../../shared"),
                "data/spot/BTCUSDT-aggTrades-2026-01-01-first5000.csv");
        tape = RecordedFileReader.readTrades(csv);
        assertThat(tape).hasSize(5000);
        firstId = tape.get(0).tradeId;
        for (int i = 0; i < tape.size(); i++) {
            assertThat(tape.get(i).tradeId).isEqualTo(firstId + i);
        }
    }

    private final RecordingOutput out = new RecordingOutput();
    private final ScriptedBackfill backfill = new ScriptedBackfill();
    private final CountingCounters counters = new CountingCounters();

    private SymbolStream fresh() {
        return new SymbolStream(BinanceSymbolSplit.fresh("BTCUSDT", StreamType.AGG_TRADE), true, counters,
                RESYNC_DELAY, CATCH_UP);
    }

    private SymbolStream restored(long lastId) {
        return new SymbolStream(new BinanceSymbolSplit("BTCUSDT", StreamType.AGG_TRADE, lastId, 1L), true, counters,
                RESYNC_DELAY, CATCH_UP);
    }

    private static Trade trade(long id) {
        return tape.get((int) (id - firstId));
    }

    private void live(SymbolStream s, long fromId, long toId, long now) {
        for (long id = fromId; id <= toId; id++) {
            s.onLive(trade(id), false, now, out, backfill);
        }
    }

    /** What REST answers for the last request: the tape from fromId, minus the given hole, limit per page. */
    private BackfillResult restPage(int limit, long holeFrom, long holeTo, long headId) {
        ScriptedBackfill.Request r = backfill.last();
        List<Trade> page = new ArrayList<>();
        for (long id = r.fromId; id <= headId && page.size() < limit; id++) {
            if (id < holeFrom || id > holeTo) {
                page.add(trade(id));
            }
        }
        return BackfillResult.page(r.id, "BTCUSDT", page, List.of(), page.size(), limit);
    }

    @Test
    void inOrderTradesAreEmittedAndRepeatsDropped() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 99, 0);
        live(s, firstId + 50, firstId + 60, 0);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId, firstId + 99));
        assertThat(counters.duplicates).isEqualTo(11);
        assertThat(out.gaps()).isEmpty();
        assertThat(backfill.requests).isEmpty();
        assertThat(s.lastId()).isEqualTo(firstId + 99);
        assertThat(out.splitIds).containsExactly("BTCUSDT@aggTrade");
    }

    @Test
    void aJumpIsBackfilledFromRestAndMergedWithHeldLiveTrades() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        live(s, firstId + 40, firstId + 59, 0);
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.BACKFILLING);
        assertThat(backfill.last().fromId).isEqualTo(firstId + 10);
        // REST, asked a moment later, already has trades beyond the live ones held so far
        s.onBackfill(restPage(1000, 0, -1, firstId + 45), 0, out, backfill);
        live(s, firstId + 60, firstId + 69, 0);

        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId, firstId + 69));
        assertThat(out.gaps()).singleElement().satisfies(g -> {
            assertThat(g.status).isEqualTo(GapStatus.BACKFILLED);
            assertThat(g.firstMissingId).isEqualTo(firstId + 10);
            assertThat(g.lastMissingId).isEqualTo(firstId + 39);
        });
        assertThat(counters.backfilled).isEqualTo(30);
        assertThat(counters.duplicates).isEqualTo(6); // REST's 40..45 were held from live
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
    }

    @Test
    void aLongGapIsPagedUntilRestReachesTheLiveStream() {
        SymbolStream s = fresh();
        live(s, firstId, firstId, 0);
        live(s, firstId + 2_500, firstId + 2_510, 0);
        int pages = 0;
        while (s.mode() != SymbolStream.Mode.LIVE) {
            s.onBackfill(restPage(1000, 0, -1, firstId + 2_505), 0, out, backfill);
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(backfill.requests).extracting(r -> r.fromId)
                .containsExactly(firstId + 1, firstId + 1001, firstId + 2001);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId, firstId + 2_510));
        assertThat(counters.backfilled).isEqualTo(2_499);
    }

    @Test
    void idsRestDoesNotHaveAreOneUnrecoverableGapWithTheExactRange() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        live(s, firstId + 100, firstId + 110, 0);
        s.onBackfill(restPage(1000, firstId + 20, firstId + 49, firstId + 200), 0, out, backfill);

        List<Long> expected = range(firstId, firstId + 19);
        expected.addAll(range(firstId + 50, firstId + 200));
        assertThat(out.tradeIds()).containsExactlyElementsOf(expected);
        assertThat(out.gaps()).extracting(g -> g.status + " " + (g.firstMissingId - firstId) + ".."
                + (g.lastMissingId - firstId)).containsExactly(
                "BACKFILLED 10..19", "UNRECOVERABLE 20..49", "BACKFILLED 50..99", "BACKFILLED 111..200");
        assertThat(out.gaps()).filteredOn(g -> g.status == GapStatus.UNRECOVERABLE).singleElement().satisfies(g -> {
            assertThat(g.firstMissingId).isEqualTo(firstId + 20);
            assertThat(g.lastMissingId).isEqualTo(firstId + 49);
            assertThat(g.symbol).isEqualTo("BTCUSDT");
            assertThat(g.kind).isEqualTo(TradeKind.AGG_TRADE);
        });
        assertThat(counters.unrecoverable).isEqualTo(30);
    }

    @Test
    void restBehindTheLiveStreamIsRetriedThenReportedUnrecoverable() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        live(s, firstId + 30, firstId + 35, 0);
        // REST's history stops at 19 and does not move
        s.onBackfill(restPage(1000, 0, -1, firstId + 19), 0, out, backfill);
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.BACKFILLING);
        assertThat(backfill.last().fromId).isEqualTo(firstId + 20);
        assertThat(backfill.last().notBeforeNanos).isGreaterThan(0);
        s.onBackfill(restPage(1000, 0, -1, firstId + 19), 1_000 * MS, out, backfill);
        assertThat(out.gaps()).noneMatch(g -> g.status == GapStatus.UNRECOVERABLE);
        s.onBackfill(restPage(1000, 0, -1, firstId + 19), CATCH_UP, out, backfill);

        List<Long> expected = range(firstId, firstId + 19);
        expected.addAll(range(firstId + 30, firstId + 35));
        assertThat(out.tradeIds()).containsExactlyElementsOf(expected);
        assertThat(out.gaps()).filteredOn(g -> g.status == GapStatus.UNRECOVERABLE).singleElement()
                .satisfies(g -> assertThat(List.of(g.firstMissingId, g.lastMissingId))
                        .containsExactly(firstId + 20, firstId + 29));
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
    }

    @Test
    void afterARestoreAContiguousLiveTradeNeedsNoRest() {
        SymbolStream s = restored(firstId + 99);
        s.resync(0, backfill);
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.AWAITING);
        assertThat(backfill.last().notBeforeNanos).isEqualTo(RESYNC_DELAY);
        live(s, firstId + 95, firstId + 120, 10 * MS);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId + 100, firstId + 120));
        assertThat(backfill.cancelled).containsExactly(backfill.last().id);
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
    }

    @Test
    void afterARestoreAJumpAsksRestAtOnce() {
        SymbolStream s = restored(firstId + 99);
        s.resync(0, backfill);
        live(s, firstId + 300, firstId + 310, 10 * MS);
        assertThat(backfill.last().notBeforeNanos).isEqualTo(10 * MS);
        assertThat(backfill.last().fromId).isEqualTo(firstId + 100);
        s.onBackfill(restPage(1000, 0, -1, firstId + 320), 20 * MS, out, backfill);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId + 100, firstId + 320));
        // REST fills the hole, then runs ahead of the held live trades
        assertThat(out.gaps()).allMatch(g -> g.status == GapStatus.BACKFILLED)
                .extracting(g -> List.of(g.firstMissingId, g.lastMissingId))
                .containsExactly(List.of(firstId + 100, firstId + 299), List.of(firstId + 311, firstId + 320));
    }

    @Test
    void aQuietSymbolIsCaughtUpByTheResyncProbe() {
        SymbolStream s = restored(firstId + 99);
        s.resync(0, backfill);
        s.onBackfill(restPage(1000, 0, -1, firstId + 104), RESYNC_DELAY, out, backfill);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId + 100, firstId + 104));
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
        live(s, firstId + 103, firstId + 106, RESYNC_DELAY);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId + 100, firstId + 106));
    }

    @Test
    void aHoleFilledByTheOtherConnectionCancelsTheBackfill() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        live(s, firstId + 15, firstId + 16, 0);
        long request = backfill.last().id;
        live(s, firstId + 10, firstId + 20, 0);
        assertThat(backfill.cancelled).containsExactly(request);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId, firstId + 20));
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
        // the cancelled request's answer, if it still comes, changes nothing
        s.onBackfill(BackfillResult.page(request, "BTCUSDT", List.of(trade(firstId + 10)), List.of(), 1, 1000), 0,
                out, backfill);
        assertThat(out.tradeIds()).hasSize(21);
    }

    @Test
    void aJumpOnARotationSuccessorIsLeftToTheOldConnection() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        s.onLive(trade(firstId + 12), true, 0, out, backfill);
        assertThat(backfill.requests).isEmpty();
        live(s, firstId + 10, firstId + 12, 0);
        s.onLive(trade(firstId + 13), true, 0, out, backfill);
        assertThat(out.tradeIds()).containsExactlyElementsOf(range(firstId, firstId + 13));
        assertThat(out.gaps()).isEmpty();
    }

    @Test
    void rawTradeGapsAreReportedUnrecoverableAtOnce() {
        SymbolStream s = new SymbolStream(BinanceSymbolSplit.fresh("BTCUSDT", StreamType.TRADE), false, counters,
                RESYNC_DELAY, CATCH_UP);
        live(s, firstId, firstId + 4, 0);
        live(s, firstId + 8, firstId + 9, 0);
        s.resync(0, backfill);
        assertThat(backfill.requests).isEmpty();
        assertThat(out.gaps()).singleElement().satisfies(g -> {
            assertThat(g.status).isEqualTo(GapStatus.UNRECOVERABLE);
            assertThat(List.of(g.firstMissingId, g.lastMissingId)).containsExactly(firstId + 5, firstId + 7);
        });
    }

    @Test
    void aRestRefusalReportsWhatLiveSkipped() {
        SymbolStream s = fresh();
        live(s, firstId, firstId + 9, 0);
        live(s, firstId + 12, firstId + 13, 0);
        s.onBackfill(BackfillResult.failed(backfill.last().id, "BTCUSDT", "HTTP 400: Invalid symbol"), 0, out,
                backfill);
        assertThat(out.gaps()).singleElement().satisfies(g -> {
            assertThat(g.status).isEqualTo(GapStatus.UNRECOVERABLE);
            assertThat(List.of(g.firstMissingId, g.lastMissingId)).containsExactly(firstId + 10, firstId + 11);
        });
        assertThat(out.tradeIds()).endsWith(firstId + 12, firstId + 13);
        assertThat(s.mode()).isEqualTo(SymbolStream.Mode.LIVE);
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        return ids;
    }

    static final class RecordingOutput implements SymbolStream.Output {
        final List<FeedEvent> events = new ArrayList<>();

        final Set<String> splitIds = new HashSet<>();

        @Override
        public void emit(String splitId, FeedEvent event) {
            splitIds.add(splitId);
            events.add(event);
        }

        List<Long> tradeIds() {
            return events.stream().filter(e -> e.trade != null).map(e -> e.trade.tradeId)
                    .collect(Collectors.toList());
        }

        List<TradeGap> gaps() {
            return events.stream().filter(e -> e.gap != null).map(e -> e.gap).collect(Collectors.toList());
        }
    }

    static final class ScriptedBackfill implements SymbolStream.Backfill {
        static final class Request {
            final long id;
            final long fromId;
            final long notBeforeNanos;

            Request(long id, long fromId, long notBeforeNanos) {
                this.id = id;
                this.fromId = fromId;
                this.notBeforeNanos = notBeforeNanos;
            }
        }

        final List<Request> requests = new ArrayList<>();
        final List<Long> cancelled = new ArrayList<>();

        @Override
        public long request(SymbolStream stream, long fromId, long notBeforeNanos) {
            Request r = new Request(requests.size() + 1, fromId, notBeforeNanos);
            requests.add(r);
            return r.id;
        }

        @Override
        public void cancel(long requestId) {
            cancelled.add(requestId);
        }

        Request last() {
            return requests.get(requests.size() - 1);
        }
    }

    static final class CountingCounters implements SymbolStream.Counters {
        long emitted;
        long backfilled;
        long duplicates;
        long gaps;
        long unrecoverable;

        @Override
        public void emitted() {
            emitted++;
        }

        @Override
        public void backfilled() {
            backfilled++;
        }

        @Override
        public void duplicateDropped() {
            duplicates++;
        }

        @Override
        public void gap(TradeGap gap) {
            gaps++;
            if (gap.status == GapStatus.UNRECOVERABLE) {
                unrecoverable += gap.missingCount();
            }
        }
    }
}
