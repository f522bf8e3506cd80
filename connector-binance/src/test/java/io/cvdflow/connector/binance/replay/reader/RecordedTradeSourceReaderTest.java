package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedTradeSourceReaderTest {
    @TempDir Path tmp;

    private static List<RecordingSplit> plan(RecordedTradeSource source) throws Exception {
        return source.planner().plan();
    }

    private static List<FeedEvent> replay(RecordedTradeSource source) throws Exception {
        try (ReplayHarness harness = new ReplayHarness(source, plan(source))) {
            return new ArrayList<>(harness.drain());
        }
    }

    private static List<Trade> trades(List<FeedEvent> events) {
        return events.stream().filter(e -> e.trade != null).map(e -> e.trade).collect(Collectors.toList());
    }

    private static List<TradeGap> gaps(List<FeedEvent> events) {
        return events.stream().filter(e -> e.gap != null).map(e -> e.gap).collect(Collectors.toList());
    }

    @Test
    void replaysEverySharedRecordingOnce() throws Exception {
        RecordedTradeSource source = RecordedTradeSource.builder().paths(SharedData.dir()).build();
        List<FeedEvent> events = replay(source);
        Map<String, Long> expected = new HashMap<>();
        for (Path file : SharedData.all()) {
            if (!file.getFileName().toString().endsWith(".md")) {
                RecordedFileReader.readTrades(file).forEach(t -> expected.merge(t.symbol + "/" + t.kind, 1L, Long::sum));
            }
        }
        Map<String, Long> actual = trades(events).stream()
                .collect(Collectors.groupingBy(t -> t.symbol + "/" + t.kind, Collectors.counting()));
        assertThat(actual).isEqualTo(expected);
        assertThat(gaps(events)).hasSize(25).allSatisfy(g -> {
            assertThat(g.symbol).isEqualTo("ETHUSDT");
            assertThat(g.kind).isEqualTo(TradeKind.AGG_TRADE);
            assertThat(g.status).isEqualTo(GapStatus.DETECTED);
        });
        assertThat(events).noneMatch(e -> e.deadLetter != null);
    }

    /** A snapshot taken part-way, restored into a new reader, continues exactly where the first stopped. */
    @Test
    void restoreFromSnapshotNeitherLosesNorRepeats() throws Exception {
        RecordedTradeSource source = RecordedTradeSource.builder().paths(SharedData.dir()).symbols("ETHUSDT").build();
        RecordingSplit eth = plan(source).get(2);
        List<FeedEvent> full;
        try (ReplayHarness harness = new ReplayHarness(source, List.of(eth))) {
            full = new ArrayList<>(harness.drain());
        }
        assertThat(trades(full)).hasSize(40333 + 14515);

        List<FeedEvent> resumed = new ArrayList<>();
        List<RecordingSplit> snapshot = List.of(eth);
        for (long stopAfter : new long[] {1, 20_000, 20_024, 40_340, 41_000}) {
            try (ReplayHarness harness = new ReplayHarness(source, snapshot)) {
                harness.poll(stopAfter - resumed.size());
                resumed.addAll(harness.output.getEmittedRecords());
                snapshot = harness.reader.snapshotState(1);
            }
        }
        try (ReplayHarness harness = new ReplayHarness(source, snapshot)) {
            resumed.addAll(harness.drain());
        }
        assertThat(trades(resumed)).isEqualTo(trades(full));
        assertThat(gaps(resumed)).extracting(g -> g.firstMissingId)
                .isEqualTo(gaps(full).stream().map(g -> g.firstMissingId).collect(Collectors.toList()));
        assertThat(gaps(resumed)).hasSize(25);
    }

    @Test
    void duplicateIdsAcrossFilesAreDeadLettersAndJumpsAreGaps() throws Exception {
        List<String> lines = SharedData.lines(SharedData.CRYPTOFEED);
        Path dir = Files.createDirectories(tmp.resolve("rec"));
        // part 1: lines 1-300; part 2 overlaps (lines 251-574, without 400-409)
        Files.write(dir.resolve("part-1.jsonl"), lines.subList(0, 300), StandardCharsets.UTF_8);
        List<String> second = new ArrayList<>(lines.subList(250, 399));
        second.addAll(lines.subList(409, 574));
        Files.write(dir.resolve("part-2.jsonl"), second, StandardCharsets.UTF_8);
        List<FeedEvent> events = replay(RecordedTradeSource.builder().paths(dir).build());

        List<Trade> direct = RecordedFileReader.readTrades(SharedData.file(SharedData.CRYPTOFEED));
        List<Trade> expected = new ArrayList<>(direct.subList(0, 399));
        expected.addAll(direct.subList(409, 574));
        assertThat(trades(events)).isEqualTo(expected);
        List<FeedEvent> duplicates = events.stream().filter(e -> e.deadLetter != null).collect(Collectors.toList());
        assertThat(duplicates).hasSize(50).allSatisfy(e -> {
            assertThat(e.deadLetter.reason).isEqualTo(RejectReason.DUPLICATE_ID);
            assertThat(e.deadLetter.origin).startsWith("file:" + dir.resolve("part-2.jsonl") + ":");
        });
        assertThat(duplicates.get(0).deadLetter.detail).isEqualTo("AGG_TRADE ID " + direct.get(250).tradeId
                + " is not above the last ID " + lastIdBefore(direct, 300, direct.get(250).symbol) + " of "
                + direct.get(250).symbol);
        // the ten missing lines hold trades of several symbols: one gap per symbol that lost trades
        long symbolsWithLoss = direct.subList(399, 409).stream().map(t -> t.symbol).distinct().count();
        assertThat(gaps(events)).hasSize((int) symbolsWithLoss);
    }

    private static long lastIdBefore(List<Trade> trades, int end, String symbol) {
        long last = -1;
        for (Trade t : trades.subList(0, end)) {
            if (t.symbol.equals(symbol)) {
                last = t.tradeId;
            }
        }
        return last;
    }

    @Test
    void repeatShiftsIdsAndTimesSoSequencesStayContinuous() throws Exception {
        List<FeedEvent> events = replay(RecordedTradeSource.builder()
                .paths(SharedData.file(SharedData.ETH_RECONSTRUCTED)).repeat(3).build());
        List<Trade> trades = trades(events);
        List<Trade> once = RecordedFileReader.readTrades(SharedData.file(SharedData.ETH_RECONSTRUCTED));
        assertThat(trades).hasSize(3 * once.size());
        for (int i = 1; i < trades.size(); i++) {
            assertThat(trades.get(i).tradeId).isGreaterThan(trades.get(i - 1).tradeId);
            assertThat(trades.get(i).eventTimeMs).isGreaterThanOrEqualTo(trades.get(i - 1).eventTimeMs);
        }
        long idSpan = once.get(once.size() - 1).tradeId - once.get(0).tradeId + 1;
        assertThat(trades.get(once.size()).tradeId).isEqualTo(once.get(0).tradeId + idSpan);
        assertThat(trades.get(2 * once.size() + 5).price).isEqualTo(once.get(5).price);
        assertThat(gaps(events)).hasSize(3 * 25);
        assertThat(events).noneMatch(e -> e.deadLetter != null);
    }

    @Test
    void symbolCopiesAndFilter() throws Exception {
        List<FeedEvent> events = replay(RecordedTradeSource.builder()
                .paths(SharedData.file(SharedData.CRYPTOFEED)).symbols("sandusdt", "NEOUSDT").symbolCopies(3).build());
        Map<String, Long> bySymbol = trades(events).stream()
                .collect(Collectors.groupingBy(t -> t.symbol, Collectors.counting()));
        assertThat(bySymbol).isEqualTo(Map.of("SANDUSDT", 166L, "SANDUSDT_C1", 166L, "SANDUSDT_C2", 166L,
                "NEOUSDT", 180L, "NEOUSDT_C1", 180L, "NEOUSDT_C2", 180L));
        List<Trade> trades = trades(events);
        assertThat(trades.get(1)).usingRecursiveComparison().ignoringFields("symbol").isEqualTo(trades.get(0));
    }

    @Test
    void recordedPaceFollowsEventTime() throws Exception {
        // the recording spans 118.8 s of trades; at 100x it takes about 1.19 s
        long start = System.nanoTime();
        List<FeedEvent> events = replay(RecordedTradeSource.builder()
                .paths(SharedData.file(SharedData.CRYPTOFEED)).recordedPace(100).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(trades(events)).hasSize(574);
        assertThat(seconds).isBetween(1.1, 15.0);
    }

    @Test
    void waitingForThePaceEndsOnWakeUp() throws Exception {
        RecordedTradeSplitReader splitReader = new RecordedTradeSplitReader(null, 1, 65536, 100,
                1e-6, new RecordedTradeReaderMetrics(
                        org.apache.flink.metrics.groups.UnregisteredMetricsGroup.createSourceReaderMetricGroup()));
        splitReader.handleSplitsChanges(new org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition<>(
                List.of(RecordingSplit.unread("recording-0",
                        List.of(SharedData.file(SharedData.CRYPTOFEED).toString()), List.of()))));
        var first = splitReader.fetch();
        assertThat(first.nextSplit()).isEqualTo("recording-0");
        assertThat(first.nextRecordFromSplit().event.trade.tradeId).isEqualTo(9445517L);
        assertThat(first.nextRecordFromSplit()).isNull();
        Thread waker = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            splitReader.wakeUp();
        });
        long start = System.nanoTime();
        waker.start();
        var second = splitReader.fetch();
        assertThat((System.nanoTime() - start) / 1e9).isBetween(0.25, 10.0);
        assertThat(second.nextSplit()).isNull();
        waker.join();
        splitReader.close();
    }

    @Test
    void pacerMapsEventTimeToWallTime() {
        Pacer pacer = new Pacer(10);
        assertThat(pacer.nanosUntilDue(1_000_000, 5_000)).isZero();
        assertThat(pacer.nanosUntilDue(1_001_000, 5_000)).isEqualTo(100_000_000L);
        assertThat(pacer.nanosUntilDue(1_001_000, 200_005_000L)).isEqualTo(-100_000_000L);
        assertThat(pacer.nanosUntilDue(999_000, 5_000)).isNegative();
    }
}
