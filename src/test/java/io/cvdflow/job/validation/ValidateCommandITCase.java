package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.job.CvdJob;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.JsonLines;
import io.cvdflow.job.quality.QualitySettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ./cvd validate} end to end on two real recordings with two profiles side by side, on a MiniCluster: every
 * figure of the Markdown table is recomputed here, independently of the report's statistics, from the Z records
 * the job produced ({@code --records}), and the Z values are checked against the estimator run directly.
 */
class ValidateCommandITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final String[] FILES = {SharedData.SPOT_ETH_08, SharedData.COINM_08};
    private static final Map<String, String> SYMBOL_FILE = Map.of(
            "ETHUSDT", SharedData.SPOT_ETH_08, "BTCUSD_PERP", SharedData.COINM_08);

    @Test
    void theTableIsWhatTheJobsZRecordsSay(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("report");
        Path records = tmp.resolve("records");
        int exit = new CommandLine(new CvdJob()).execute("validate",
                "--input", SharedData.file(FILES[0]) + "," + SharedData.file(FILES[1]),
                "--profiles", "a1,calibrated", "--output", out.toString(), "--records", records.toString());
        assertThat(exit).isZero();

        String markdown = Files.readString(out.resolve("report.md"));
        Map<String, Map<String, List<String>>> tables = tables(markdown);
        assertThat(tables).containsOnlyKeys("a1", "calibrated");
        QualitySettings quality = QualitySettings.defaults();
        for (String profile : tables.keySet()) {
            Map<String, List<ZRecord>> bySymbol = new TreeMap<>();
            for (ZRecord r : read(records.resolve(ValidationRunner.recordsFile(profile)))) {
                assertThat(r.profile).isEqualTo(profile);
                bySymbol.computeIfAbsent(r.symbol, k -> new ArrayList<>()).add(r);
            }
            assertThat(tables.get(profile)).containsOnlyKeys("ETHUSDT", "BTCUSD_PERP");
            for (Map.Entry<String, List<ZRecord>> e : bySymbol.entrySet()) {
                String symbol = e.getKey();
                List<ZRecord> rs = e.getValue();
                List<String> row = tables.get(profile).get(symbol);
                double[] z = rs.stream().filter(r -> r.z != null).mapToDouble(r -> r.z).toArray();
                long over2 = Arrays.stream(z).filter(v -> Math.abs(v) > 2).count();
                long over3 = Arrays.stream(z).filter(v -> Math.abs(v) > 3).count();
                assertThat(row.get(0)).isEqualTo(Path.of(SYMBOL_FILE.get(symbol)).getFileName().toString());
                assertThat(row.get(2)).isEqualTo(percent((double) over2 / z.length) + " (" + count(over2) + ")");
                assertThat(row.get(3)).isEqualTo(percent((double) over3 / z.length) + " (" + count(over3) + ")");
                assertThat(row.get(4)).isEqualTo(count(z.length));
                long[] regimes = regimes(rs, quality);
                assertThat(regimes[0]).isPositive();
                assertThat(row.get(5)).as("active samples of %s %s", profile, symbol).isEqualTo(count(regimes[0]));
                assertThat(row.get(6)).as("quiet samples of %s %s", profile, symbol).isEqualTo(count(regimes[1]));
                double p99 = exactLatencyP99Ms(rs);
                double shown = Double.parseDouble(row.get(7).replace(" ms", ""));
                assertThat(shown).as("latency P99 of %s %s", profile, symbol).isCloseTo(p99, within(0.01 * p99 + 0.05));
                assertThat(row.get(10)).isEqualTo("ratios");
                assertThat(row.get(11)).isEqualTo(profile.equals("calibrated") ? "PASS"
                        : "FAIL: P(\\|Z\\|>2) " + percent((double) over2 / z.length) + " > 8.00%; P(\\|Z\\|>3) "
                                + percent((double) over3 / z.length) + " > 2.50%");

                // every trade reached the report: the same Z values as the estimator run directly
                List<ZRecord> direct = RealSeries.zRecords(SYMBOL_FILE.get(symbol), symbol, profile,
                        io.cvdflow.job.estimator.EstimatorProfiles.builtIns().get(profile));
                assertThat(rs).hasSameSizeAs(direct);
                for (int i = 0; i < direct.size(); i++) {
                    assertThat(rs.get(i).tradeId).isEqualTo(direct.get(i).tradeId);
                    assertThat(rs.get(i).z).as("z of %s #%d", symbol, rs.get(i).tradeId).isEqualTo(direct.get(i).z);
                }
            }
        }
        assertThat(markdown).contains("symbols passed: 0 of 2 (0 by the exact test)").contains("symbols passed: 2 of 2 (0 by the exact test)")
                .contains("not judged: a replay at full speed");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(ReportRenderingTest.svgs(html)).hasSize(2 * 2 + 2 + 1);
    }

    /** Active and quiet samples, computed from scratch: 60 s windows, each split by the one before it. */
    static long[] regimes(List<ZRecord> records, QualitySettings settings) {
        long interval = settings.checkIntervalMs();
        Map<Long, List<ZRecord>> windows = new LinkedHashMap<>();
        for (ZRecord r : records) {
            windows.computeIfAbsent(Math.floorDiv(r.tradeTimeMs, interval) * interval, k -> new ArrayList<>()).add(r);
        }
        long active = 0;
        long quiet = 0;
        for (Map.Entry<Long, List<ZRecord>> w : windows.entrySet()) {
            List<ZRecord> previous = windows.get(w.getKey() - interval);
            if (previous == null) {
                continue;
            }
            double[] rates = previous.stream().filter(r -> r.z != null).mapToDouble(r -> r.tradesPerSecond).sorted().toArray();
            if (rates.length == 0) {
                continue;
            }
            double threshold = bucketUpperEdge(rates[(int) Math.floor(settings.regimeQuantile() * (rates.length - 1))]);
            for (ZRecord r : w.getValue()) {
                if (r.z != null) {
                    if (r.tradesPerSecond > threshold) {
                        active++;
                    } else {
                        quiet++;
                    }
                }
            }
        }
        return new long[] {active, quiet};
    }

    /** The upper edge of the 1%-accuracy log bucket holding {@code v}: the regime threshold rule of the job. */
    private static double bucketUpperEdge(double v) {
        double logGamma = Math.log((1 + 0.01) / (1 - 0.01));
        return Math.exp(Math.ceil(Math.log(v) * (1 / logGamma)) * logGamma);
    }

    private static double exactLatencyP99Ms(List<ZRecord> records) {
        double[] ms = records.stream().mapToDouble(r -> Math.max(0, r.emittedAtNanos - r.receivedAtNanos) / 1e6).sorted().toArray();
        return ms[(int) Math.floor(0.99 * (ms.length - 1))];
    }

    /** Each profile's table: symbol to its cells (recording, symbol, P2, P3, samples, active, quiet, P99, P2 CI, P3 CI,
     * judged by, status). */
    static Map<String, Map<String, List<String>>> tables(String markdown) {
        Map<String, Map<String, List<String>>> tables = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("## Profile `")) {
                current = new LinkedHashMap<>();
                tables.put(line.substring(12, line.length() - 1), current);
            } else if (current != null && line.startsWith("| ") && !line.startsWith("| recording") && !line.startsWith("| thin")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(2, line.length() - 2).split(" \\| ")) {
                    cells.add(cell.trim());
                }
                current.put(cells.get(1), cells);
            }
        }
        return tables;
    }

    private static List<ZRecord> read(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            List<ZRecord> out = new ArrayList<>();
            for (String line : (Iterable<String>) lines::iterator) {
                out.add(JsonLines.mapper().readValue(line, ZRecord.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
