package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedFileReaderTest {
    @TempDir Path tmp;

    private static List<FeedEvent> readAll(RecordedFileReader reader) {
        List<FeedEvent> events = new ArrayList<>();
        FeedEvent event;
        while ((event = reader.next()) != null) {
            events.add(event);
        }
        return events;
    }

    private static List<FeedEvent> readAll(Path file) throws IOException {
        try (RecordedFileReader reader = RecordedFileReader.open(file)) {
            return readAll(reader);
        }
    }

    @ParameterizedTest
    @CsvSource({
        SharedData.ETH_RECONSTRUCTED + ",40333,40333,0",
        SharedData.CRYPTOFEED + ",574,574,0",
        SharedData.SPOT_BTC_08 + ",41249,9757,31492",
        SharedData.SPOT_BTC_09 + ",58325,10147,48178",
        SharedData.SPOT_ETH_08 + ",33618,6106,27512",
        SharedData.SPOT_ETH_09 + ",46126,8409,37717",
        SharedData.COINM_08 + ",48270,2286,45984",
        SharedData.COINM_09 + ",50116,2949,47167",
        SharedData.SPOT_CSV + ",5000,5000,0"
    })
    void everyRecording(String file, long lines, long trades, long skipped) throws IOException {
        try (RecordedFileReader reader = RecordedFileReader.open(SharedData.file(file))) {
            List<FeedEvent> events = readAll(reader);
            assertThat(events).allSatisfy(e -> assertThat(e.trade).isNotNull());
            assertThat(reader.linesConsumed()).isEqualTo(lines);
            assertThat(reader.counters().lines()).isEqualTo(lines);
            assertThat(reader.counters().trades()).isEqualTo(trades);
            assertThat(reader.counters().skippedTotal()).isEqualTo(skipped);
            assertThat(reader.counters().rejectedTotal()).isZero();
        }
        assertThat(RecordedFileReader.readTrades(SharedData.file(file))).hasSize((int) trades);
    }

    @Test
    void readTradesKeepsFileOrderAndValues() {
        List<Trade> trades = RecordedFileReader.readTrades(SharedData.file(SharedData.CRYPTOFEED));
        AggTradeFrameParser parser = new AggTradeFrameParser();
        List<String> lines = SharedData.lines(SharedData.CRYPTOFEED);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(trades.get(i)).isEqualTo(parser.parse(lines.get(i), "t", 0).trade);
        }
    }

    @Test
    void zipBuiltFromTheRealCsv() throws IOException {
        Path csv = SharedData.file(SharedData.SPOT_CSV);
        List<Trade> plain = RecordedFileReader.readTrades(csv);
        byte[] content = Files.readAllBytes(csv);

        Path dump = tmp.resolve("BTCUSDT-aggTrades-2026-01-01.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dump))) {
            zip.putNextEntry(new ZipEntry("BTCUSDT-aggTrades-2026-01-01.csv"));
            zip.write(content);
            zip.closeEntry();
        }
        assertThat(RecordedFileReader.readTrades(dump)).isEqualTo(plain);

        // an entry without a symbol in its name takes the zip's; directories are passed over; line numbers run on
        Path nested = tmp.resolve("BTCUSDT-aggTrades-2026-01.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(nested))) {
            zip.putNextEntry(new ZipEntry("day1/"));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("day1/part.csv"));
            zip.write(content);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("frames.jsonl"));
            zip.write(Files.readAllBytes(SharedData.file(SharedData.CRYPTOFEED)));
            zip.write("{broken\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        try (RecordedFileReader reader = RecordedFileReader.open(nested)) {
            List<FeedEvent> events = readAll(reader);
            assertThat(events).hasSize(5000 + 574 + 1);
            assertThat(events.subList(0, 5000)).extracting(e -> e.trade).isEqualTo(plain);
            assertThat(events.subList(5000, 5574)).extracting(e -> e.trade)
                    .isEqualTo(RecordedFileReader.readTrades(SharedData.file(SharedData.CRYPTOFEED)));
            DeadLetter broken = events.get(5574).deadLetter;
            assertThat(broken.reason).isEqualTo(RejectReason.NOT_JSON);
            assertThat(broken.origin).isEqualTo("file:" + nested + ":5575");
            assertThat(reader.linesConsumed()).isEqualTo(5575);
        }
    }

    @Test
    void gzippedCsvAndCsvWithoutSymbol() throws IOException {
        byte[] content = Files.readAllBytes(SharedData.file(SharedData.SPOT_CSV));
        Path gz = tmp.resolve("BTCUSDT-aggTrades-2026-01-01.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(content);
        }
        assertThat(RecordedFileReader.readTrades(gz))
                .isEqualTo(RecordedFileReader.readTrades(SharedData.file(SharedData.SPOT_CSV)));

        Path nameless = tmp.resolve("dump.csv");
        Files.write(nameless, SharedData.lines(SharedData.SPOT_CSV).subList(0, 5));
        try (RecordedFileReader reader = RecordedFileReader.open(nameless)) {
            assertThat(readAll(reader)).allSatisfy(
                    e -> assertThat(e.deadLetter.reason).isEqualTo(RejectReason.UNKNOWN_SYMBOL));
            assertThat(reader.counters().rejected(RejectReason.UNKNOWN_SYMBOL)).isEqualTo(5);
        }
    }

    /**
     * Real frames with every kind of bad line mixed in: each bad line is counted by its reason, and the real
     * trades around them come out exactly as from the clean file.
     */
    @Test
    void malformedInputMixedIntoRealData() throws IOException {
        List<String> real = SharedData.lines(SharedData.CRYPTOFEED);
        String sample = real.get(10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<Integer, RejectReason> expected = new java.util.TreeMap<>();
        int lineNo = 0;
        for (int i = 0; i < real.size(); i++) {
            if (i % 40 == 7) {
                int kind = (i / 40) % 11;
                byte[] bad;
                RejectReason reason;
                switch (kind) {
                    case 0:
                        bad = sample.substring(0, sample.length() - 30).getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NOT_JSON;
                        break;
                    case 1:
                        bad = sample.replaceFirst("\"p\":\"[^\"]*\"", "\"p\":true").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NON_NUMERIC;
                        break;
                    case 2:
                        bad = sample.replaceFirst("\"p\":\"[^\"]*\"", "\"p\":\"NaN\"").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NON_FINITE;
                        break;
                    case 3:
                        bad = sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":\"-5\"").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NON_POSITIVE_QUANTITY;
                        break;
                    case 4:
                        bad = sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":\"0.000\"").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NON_POSITIVE_QUANTITY;
                        break;
                    case 5:
                        bad = new byte[0];
                        reason = RejectReason.EMPTY_LINE;
                        break;
                    case 6:
                        bad = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff, (byte) 0xfe, 13, 26};
                        reason = RejectReason.NOT_JSON;
                        break;
                    case 7:
                        byte[] huge = new byte[1024 * 1024];
                        Arrays.fill(huge, (byte) 'x');
                        byte[] head = sample.substring(0, sample.length() - 1).concat(",\"pad\":\"")
                                .getBytes(StandardCharsets.UTF_8);
                        System.arraycopy(head, 0, huge, 0, head.length);
                        huge[huge.length - 2] = '"';
                        huge[huge.length - 1] = '}';
                        bad = huge;
                        reason = RejectReason.LINE_TOO_LONG;
                        break;
                    case 8:
                        bad = sample.replaceFirst("\"s\":\"[^\"]*\"", "\"s\":\"SAND/USDT\"").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.UNKNOWN_SYMBOL;
                        break;
                    case 9:
                        bad = sample.replaceFirst(",\"T\":[0-9]*", "").replaceFirst(",\"E\":[0-9]*", "")
                                .getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.MISSING_FIELD;
                        break;
                    default:
                        bad = sample.replaceFirst("\"p\":\"[^\"]*\"", "\"p\":\"-0.5\"").getBytes(StandardCharsets.UTF_8);
                        reason = RejectReason.NON_POSITIVE_PRICE;
                }
                out.write(bad);
                out.write('\n');
                expected.put(++lineNo, reason);
            }
            out.write(real.get(i).getBytes(StandardCharsets.UTF_8));
            out.write(i % 3 == 0 ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'});
            lineNo++;
        }
        Path mixed = tmp.resolve("mixed.jsonl");
        Files.write(mixed, out.toByteArray());

        List<Trade> trades = new ArrayList<>();
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        try (RecordedFileReader reader = RecordedFileReader.open(mixed)) {
            FeedEvent event;
            while ((event = reader.next()) != null) {
                if (event.trade != null) {
                    trades.add(event.trade);
                } else {
                    DeadLetter d = event.deadLetter;
                    int at = Integer.parseInt(d.origin.substring(d.origin.lastIndexOf(':') + 1));
                    assertThat(d.origin).isEqualTo("file:" + mixed + ":" + at);
                    assertThat(d.reason).as(d.toString()).isEqualTo(expected.get(at));
                    byReason.merge(d.reason, 1L, Long::sum);
                    if (d.reason == RejectReason.LINE_TOO_LONG) {
                        assertThat(d.rawLength).isEqualTo(1024 * 1024);
                        assertThat(d.raw).hasSize(DeadLetter.MAX_RAW_CHARS);
                        assertThat(d.detail).isEqualTo("line of 1048576 bytes exceeds the limit of 65536 bytes");
                    }
                }
            }
            assertThat(reader.linesConsumed()).isEqualTo(lineNo);
            assertThat(reader.counters().rejectedByReason()).isEqualTo(byReason);
            assertThat(reader.counters().trades()).isEqualTo(574);
        }
        Map<RejectReason, Long> expectedByReason = new EnumMap<>(RejectReason.class);
        expected.values().forEach(r -> expectedByReason.merge(r, 1L, Long::sum));
        assertThat(byReason).isEqualTo(expectedByReason);
        assertThat(byReason.keySet()).hasSize(9);
        assertThat(trades).isEqualTo(RecordedFileReader.readTrades(SharedData.file(SharedData.CRYPTOFEED)));
    }

    @Test
    void resumesAfterConsumedLines() throws IOException {
        Path file = SharedData.file(SharedData.SPOT_ETH_08);
        List<FeedEvent> all = readAll(file);
        List<Long> lineOfEvent = new ArrayList<>();
        try (RecordedFileReader reader = RecordedFileReader.open(file)) {
            while (reader.next() != null) {
                lineOfEvent.add(reader.linesConsumed());
            }
        }
        int resumeAfter = 2500;
        long consumed = lineOfEvent.get(resumeAfter - 1);
        try (RecordedFileReader reader = RecordedFileReader.open(file, AggTradeFrameParser.DEFAULT_MAX_LINE_BYTES,
                consumed)) {
            assertThat(reader.linesConsumed()).isEqualTo(consumed);
            List<FeedEvent> rest = readAll(reader);
            assertThat(rest).extracting(e -> e.trade)
                    .isEqualTo(all.subList(resumeAfter, all.size()).stream().map(e -> e.trade).toList());
        }
        Path csv = SharedData.file(SharedData.SPOT_CSV);
        try (RecordedFileReader reader = RecordedFileReader.open(csv, 1000, 4990)) {
            assertThat(readAll(reader)).extracting(e -> e.trade.tradeId)
                    .containsExactly(3800402485L, 3800402486L, 3800402487L, 3800402488L, 3800402489L, 3800402490L,
                            3800402491L, 3800402492L, 3800402493L, 3800402494L);
        }
    }

    @Test
    void truncatedGzipEndsWithOneDeadLetter() throws IOException {
        byte[] gz = Files.readAllBytes(SharedData.file(SharedData.ETH_RECONSTRUCTED));
        Path cut = tmp.resolve("cut.jsonl.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        List<FeedEvent> events = readAll(cut);
        List<Trade> full = RecordedFileReader.readTrades(SharedData.file(SharedData.ETH_RECONSTRUCTED));
        FeedEvent last = events.get(events.size() - 1);
        assertThat(last.deadLetter.reason).isEqualTo(RejectReason.UNREADABLE_FILE);
        assertThat(last.deadLetter.detail).contains("Unexpected end of ZLIB input stream");
        List<FeedEvent> before = events.subList(0, events.size() - 1);
        assertThat(before.size()).isGreaterThan(10_000);
        // the last line before the cut can be partial, so it is a dead letter or a trade
        List<Trade> trades = before.stream().filter(e -> e.trade != null).map(e -> e.trade).toList();
        assertThat(trades).isEqualTo(full.subList(0, trades.size()));
        assertThat(before.size() - trades.size()).isLessThanOrEqualTo(1);
    }

    @Test
    void sniffsSymbols() throws IOException {
        assertThat(RecordedFileReader.sniffSymbols(SharedData.file(SharedData.CRYPTOFEED), 1000, 100_000))
                .isEqualTo(Set.of("SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "CHRUSDT"));
        assertThat(RecordedFileReader.sniffSymbols(SharedData.file(SharedData.CRYPTOFEED), 2, 100_000))
                .isEqualTo(Set.of("SANDUSDT", "CTKUSDT"));
        assertThat(RecordedFileReader.sniffSymbols(SharedData.file(SharedData.COINM_08), 10, 100_000))
                .isEqualTo(Set.of("BTCUSD_PERP"));
        assertThat(RecordedFileReader.sniffSymbols(SharedData.file(SharedData.SPOT_CSV), 10, 100_000))
                .isEqualTo(Set.of("BTCUSDT"));
    }
}
