package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.job.CvdJob;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cvd validate --live-seconds} against the fake exchange replaying the seed-like set of spot BTCUSDT and
 * ETHUSDT at ten times their recorded pace: both profiles' jobs stream the same feed side by side for the given
 * time and are then cancelled; the report judges latency, as for a live feed.
 */
class LiveValidateITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @Test
    void bothProfilesValidateTheSameLiveTradesForTheGivenTime(@TempDir Path tmp) throws Exception {
        String[] files = {Recordings.SPOT_BTCUSDT[0], Recordings.SPOT_ETHUSDT[0]};
        Path out = tmp.resolve("report");
        Path records = tmp.resolve("records");
        long started;
        long elapsed;
        int exit;
        Map<String, long[]> published = new HashMap<>();
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(Recordings.tapes(files))
                .wallClockTimestamps(true).start()) {
            exchange.startPacing(Pace.recorded(10));
            started = System.nanoTime();
            exit = new CommandLine(new CvdJob()).execute("validate", "--live-seconds", "12",
                    "--symbols", "BTCUSDT,ETHUSDT",
                    "--binance.ws-url", exchange.marketStreamBaseUri().toString(),
                    "--binance.rest-url", exchange.restBaseUri().toString(),
                    "--profiles", "a1,calibrated", "--output", out.toString(), "--records", records.toString());
            elapsed = System.nanoTime() - started;
            exchange.stopPacing();
            for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
                published.put(symbol, exchange.publishedIds(symbol));
            }
        }
        assertThat(exit).isZero();
        assertThat(elapsed / 1e9).as("seconds the validation took").isBetween(12.0, 60.0);

        Map<String, Map<String, List<String>>> tables = ValidateCommandITCase.tables(Files.readString(out.resolve("report.md")));
        Map<String, Map<String, Long>> tradesByProfile = new HashMap<>();
        for (String profile : List.of("a1", "calibrated")) {
            assertThat(tables.get(profile)).containsOnlyKeys("BTCUSDT", "ETHUSDT");
            Map<String, List<ZRecord>> bySymbol = Files.readAllLines(records.resolve(ValidationRunner.recordsFile(profile))).stream()
                    .map(line -> {
                        try {
                            return JsonLines.mapper().readValue(line, ZRecord.class);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.groupingBy(r -> r.symbol));
            Map<String, Long> trades = new HashMap<>();
            for (Map.Entry<String, List<ZRecord>> e : bySymbol.entrySet()) {
                List<String> row = tables.get(profile).get(e.getKey());
                assertThat(row.get(0)).isEqualTo(LiveInput.LABEL);
                long samples = e.getValue().stream().filter(r -> r.z != null).count();
                assertThat(row.get(4)).isEqualTo(String.format(java.util.Locale.ROOT, "%,d", samples));
                assertThat(samples).as("%s %s", profile, e.getKey()).isGreaterThan(300);
                // the live trades, each once and in order, all of them published by the exchange
                long[] ids = e.getValue().stream().mapToLong(r -> r.tradeId).toArray();
                for (int i = 1; i < ids.length; i++) {
                    assertThat(ids[i]).isGreaterThan(ids[i - 1]);
                }
                long[] sent = published.get(e.getKey());
                assertThat(Arrays.stream(ids).filter(id -> Arrays.binarySearch(sent, id) < 0)).as("trades never published").isEmpty();
                trades.put(e.getKey(), (long) ids.length);
            }
            tradesByProfile.put(profile, trades);
        }
        // side by side: each profile saw nearly the same trades (their jobs subscribed moments apart)
        for (String symbol : List.of("BTCUSDT", "ETHUSDT")) {
            long a1 = tradesByProfile.get("a1").get(symbol);
            long calibrated = tradesByProfile.get("calibrated").get(symbol);
            assertThat((double) Math.abs(a1 - calibrated) / Math.max(a1, calibrated)).as(symbol).isLessThan(0.25);
        }
        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("the live feed ").contains("for 12 s").contains("latency P99 <= 100 ms (seed)")
                .doesNotContain("(not judged");
    }
}
