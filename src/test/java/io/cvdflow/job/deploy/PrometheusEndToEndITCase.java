package io.cvdflow.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.deploy.MonitoringFiles.Canonical;
import io.cvdflow.job.estimator.EstimatorParameter;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.JsonFileOutputs;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring stack end to end, on the truth of a real scrape. The job replays real spot BTCUSDT and ETHUSDT
 * and COIN-M BTCUSD_PERP trades at {@value #SPEED}x their recorded pace on a MiniCluster whose Prometheus reporter
 * is configured as {@code deploy/flink/config.yaml} configures it (only the port differs). Debian's Prometheus
 * scrapes it with {@code deploy/prometheus/prometheus.yml} and the project's rule files, the target file pointed
 * at the reporter. Then, through Prometheus' HTTP API: every rule evaluates without error; every recorded series,
 * every operand of every alert and every Grafana query (with the dashboard's variables substituted as Grafana
 * does) returns data; the canonical series carry exactly the labels of {@code docs/METRICS.md}; and the replay,
 * whose A1 tails are far too heavy (the breach of RollbackLoopITCase), raises the rollback alerts.
 *
 * <p>Time. Event time runs {@value #SPEED}x faster than the wall clock, so the rules' {@code for:} durations,
 * which count event time (the seed's "3 consecutive failing checks" of 60 s windows is {@code for: 3m}), are
 * divided by {@value #SPEED} in the copy Prometheus loads; nothing else in the rules changes. Scrapes and
 * evaluations run every second instead of 15 s.
 *
 * <p>What cannot have data here: the live source's own series (reconnects, backfilled and unrecoverable trades,
 * duplicates dropped, receive lag) exist only when the job reads Binance's WebSocket; a bounded replay has no
 * such source (docs/METRICS.md). Queries on them must parse, and are the only ones allowed to be empty.
 */
class PrometheusEndToEndITCase {
    private static final int SPEED = 5;
    private static final Set<String> SYMBOLS = Set.of("BTCUSDT", "ETHUSDT", "BTCUSD_PERP");
    private static final Set<String> LIVE_SOURCE_ONLY = Set.of("cvd_reconnects_total", "cvd_backfilled_trades_total",
            "cvd_unrecoverable_trades_total", "cvd_duplicates_dropped_total", "cvd_receive_lag_seconds");
    /** Alerts on the job's health: this healthy run must raise none of them. */
    private static final Set<String> HEALTH_ALERTS = Set.of("FlinkTargetDown", "FlinkTargetsAbsent", "CvdJobNotRunning",
            "FlinkCheckpointsFailing", "FlinkJobRestarting", "CvdUnrecoverableGap", "CvdReconnectStorm");
    private static final String SCRAPE_INTERVAL = "1s";
    /**
     * Grafana's variables for the dashboard over the last 5 minutes, scraped every second: $__interval is then
     * 5 min over about 1000 points, below a second, so $__rate_interval = max($__interval + 1 s, 4 x 1 s) = 4 s.
     */
    private static final long RANGE_SECONDS = 300;
    private static final Map<String, String> GRAFANA_VARIABLES =
            Map.of("$__rate_interval", "4s", "$__range", RANGE_SECONDS + "s");
    /** $symbol is a multi-value variable whose "All" is {@code .+}; a single symbol stands for itself. */
    private static final List<String> SYMBOL_CHOICES = List.of(".+", "BTCUSDT");
    private static final List<String> REGIMES = List.of("all", "active", "quiet");
    private static final Pattern DURATION = Pattern.compile("(\\d+)([smh])");
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    @Test
    void prometheusScrapingTheReplayAnswersEveryRuleAlertAndDashboardQueryAndRaisesTheRollbackAlerts()
            throws Exception {
        String jobName = "cvd-e2e-" + ProcessHandle.current().pid();
        int[] reporterPorts = freePortRange(8);
        CvdConfig config = CvdConfigLoader.fromYaml(
                // as in RollbackLoopITCase: BTCUSDT's breach is its tails, not its (small, BTC-sized) scale; the
                // latency bound is the wall clock's, not a replay's to judge
                "estimator: {rollback-profile: calibrated, symbols: {BTCUSDT: {quality: {scale-median-min: 0}}}}\n"
                        + "quality: {latency-p95-max: 0}\n"
                        + "job: {checkpoint-interval: 1s}\n",
                "e2e", reporterSettings(reporterPorts));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder()
                        .paths(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.SPOT_BTC_09),
                                SharedData.file(SharedData.SPOT_ETH_08), SharedData.file(SharedData.SPOT_ETH_09),
                                SharedData.file(SharedData.COINM_08), SharedData.file(SharedData.COINM_09))
                        .recordedPace(SPEED).build(),
                "recorded trades", null, new JsonFileOutputs(work.resolve("out")));

        long started = System.nanoTime();
        JobClient job = env.executeAsync(jobName);
        PrometheusServer prometheus = null;
        int reporter = -1;
        try {
            reporter = boundReporterPort(reporterPorts, jobName);
            prometheus = PrometheusServer.start(prometheusConfig(work.resolve("prometheus"), reporter), work);
            List<Check> checks = checks();
            waitForDataAndRollbackAlerts(prometheus, checks, started);
            report(checks);

            assertThat(checks).filteredOn(c -> c.error != null).as("queries Prometheus refused").isEmpty();
            assertThat(checks).filteredOn(c -> c.emptyBecause == null && c.series == 0)
                    .as("queries without data").isEmpty();
            assertEveryRuleEvaluatesWithoutError(prometheus);
            assertCanonicalLabels(prometheus, config, jobName);
            assertRollbackAlerts(prometheus);
            assertBoundedCardinality(prometheus);
            assertOperatorsAreNamed(prometheus);
        } finally {
            try {
                job.cancel().get(60, TimeUnit.SECONDS);
            } finally {
                if (prometheus != null) {
                    prometheus.close();
                }
            }
        }
        long pid = prometheus.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("Prometheus stopped").isFalse();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.toString()))
                .collect(Collectors.toList())).as("processes started by this test").isEmpty();
        assertReporterStops(reporter);
        System.out.printf("end-to-end test: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    // ---------------------------------------------------------------- the job and Prometheus

    /** The reporter settings of deploy/flink/config.yaml, on {@code ports} instead of 9249-9260. */
    private static List<String> reporterSettings(int[] ports) throws IOException {
        JsonNode prom = MonitoringFiles.yaml(MonitoringFiles.DEPLOY.resolve("flink/config.yaml"))
                .path("metrics").path("reporter").path("prom");
        assertThat(prom.path("factory").path("class").asText()).endsWith("PrometheusReporterFactory");
        List<String> settings = new ArrayList<>();
        flatten("job.flink.metrics.reporter.prom", prom, settings);
        settings.removeIf(s -> s.startsWith("job.flink.metrics.reporter.prom.port="));
        settings.add("job.flink.metrics.reporter.prom.port=" + ports[0] + "-" + ports[ports.length - 1]);
        return settings;
    }

    private static void flatten(String prefix, JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix + "." + e.getKey(), e.getValue(), out));
        } else {
            out.add(prefix + "=" + node.asText());
        }
    }

    /** Consecutive ports nobody listens on, for the reporter's port range. */
    private static int[] freePortRange(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            int[] ports = new int[n];
            boolean free = true;
            for (int i = 0; i < n && free; i++) {
                ports[i] = first + i;
                try (ServerSocket s = new ServerSocket(ports[i])) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return ports;
            }
        }
        throw new AssertionError("no free port range");
    }

    /** The port of the range on which this JVM's reporter serves this job's metrics. */
    private static int boundReporterPort(int[] ports, String jobName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (int port : ports) {
                String metrics = scrape(port);
                if (metrics != null && metrics.contains("job_name=\"" + jobName + "\"")) {
                    return port;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no reporter serving " + jobName + " on " + ports[0] + "-" + ports[ports.length - 1]);
    }

    private static String scrape(int port) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * deploy/prometheus as Prometheus loads it here: prometheus.yml with 1 s scrape and evaluation intervals, the
     * rule files with their {@code for:} durations divided by the replay's speed, and the target file of the
     * {@code flink} job pointing at the reporter (no Alertmanager: alerts are read from Prometheus' API).
     */
    private static Path prometheusConfig(Path dir, int reporterPort) throws IOException {
        Path deployed = MonitoringFiles.DEPLOY.resolve("prometheus");
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("targets"));
        ObjectNode config = (ObjectNode) MonitoringFiles.yaml(deployed.resolve("prometheus.yml"));
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", SCRAPE_INTERVAL);
        global.put("evaluation_interval", SCRAPE_INTERVAL);
        global.put("scrape_timeout", SCRAPE_INTERVAL);
        MonitoringFiles.YAML.writeValue(dir.resolve("prometheus.yml").toFile(), config);
        for (JsonNode ruleFile : config.path("rule_files")) {
            ObjectNode rules = (ObjectNode) MonitoringFiles.yaml(deployed.resolve(ruleFile.asText()));
            for (JsonNode group : rules.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("for")) {
                        ((ObjectNode) rule).put("for", divided(rule.path("for").asText(), SPEED));
                    }
                }
            }
            MonitoringFiles.YAML.writeValue(dir.resolve(ruleFile.asText()).toFile(), rules);
        }
        Files.writeString(dir.resolve("targets/flink-minicluster.json"),
                "[{\"targets\": [\"127.0.0.1:" + reporterPort + "\"], \"labels\": {\"role\": \"minicluster\"}}]");
        Files.writeString(dir.resolve("targets/alertmanager.json"), "[]");
        return dir.resolve("prometheus.yml");
    }

    static String divided(String duration, int by) {
        Matcher m = DURATION.matcher(duration);
        assertThat(m.matches()).as("a duration of one unit: %s", duration).isTrue();
        long seconds = Long.parseLong(m.group(1)) * Map.of("s", 1, "m", 60, "h", 3600).get(m.group(2));
        assertThat(seconds % by).as("%s divisible by %d", duration, by).isZero();
        return seconds / by + "s";
    }

    private static void assertReporterStops(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (scrape(port) != null && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(scrape(port)).as("the reporter stopped with the MiniCluster").isNull();
    }

    // ---------------------------------------------------------------- queries

    /** One query the test runs until it returns data; {@code range} ones as Grafana's panels send them. */
    private static final class Check {
        final String what;
        final String promql;
        final boolean range;
        /** Why this query may return nothing; null when it must return data. */
        final String emptyBecause;
        int series;
        String error;

        Check(String what, String promql, boolean range, String emptyBecause) {
            this.what = what;
            this.promql = promql;
            this.range = range;
            this.emptyBecause = emptyBecause;
        }

        void run(PrometheusServer prometheus) throws IOException, InterruptedException {
            JsonNode answer = range
                    ? prometheus.get("/api/v1/query_range", "query", promql,
                            "start", Long.toString(now() - RANGE_SECONDS), "end", Long.toString(now()), "step", "1")
                    : prometheus.get("/api/v1/query", "query", promql);
            error = answer.path("status").asText().equals("success") ? null : answer.path("error").asText();
            series = error == null ? answer.path("data").path("result").size() : 0;
        }
    }

    private static List<Check> checks() throws IOException {
        List<Check> checks = new ArrayList<>();
        for (String record : MonitoringFiles.recordingRules().keySet()) {
            checks.add(new Check("recording rule", record, false, emptyIfLiveSourceOnly(record)));
        }
        for (JsonNode group : MonitoringFiles.yaml(MonitoringFiles.DEPLOY.resolve("prometheus/rules/cvd-alerts.yml"))
                .path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText() + "{severity=" + rule.path("labels").path("severity").asText() + "}";
                String expr = rule.path("expr").asText();
                checks.add(new Check(alert, expr, false, "an alert's expression has data only while it fires"));
                for (String operand : AlertOperands.of(expr)) {
                    checks.add(new Check(alert + " operand", operand, false, emptyIfLiveSourceOnly(operand)));
                }
            }
        }
        for (String query : MonitoringFiles.dashboardQueries(MonitoringFiles.dashboard())) {
            for (String substituted : substituted(query)) {
                checks.add(new Check("dashboard", substituted, true, emptyIfLiveSourceOnly(substituted)));
            }
        }
        return checks;
    }

    /** A dashboard query with Grafana's variables replaced, once per value of $symbol and $regime it uses. */
    private static List<String> substituted(String query) {
        String q = query;
        for (Map.Entry<String, String> v : GRAFANA_VARIABLES.entrySet()) {
            q = q.replace(v.getKey(), v.getValue());
        }
        List<String> out = new ArrayList<>();
        for (String symbol : q.contains("$symbol") ? SYMBOL_CHOICES : List.of("")) {
            for (String regime : q.contains("$regime") ? REGIMES : List.of("")) {
                out.add(q.replace("$symbol", symbol).replace("$regime", regime));
            }
        }
        assertThat(out).allSatisfy(s -> assertThat(s).doesNotContain("$"));
        return out;
    }

    private static String emptyIfLiveSourceOnly(String promql) {
        return LIVE_SOURCE_ONLY.stream().anyMatch(promql::contains) ? "only a live source has this series" : null;
    }

    /**
     * Runs the queries that must return data, every 2 s, until all have and the rollback alerts are up, or
     * {@link #WAIT} after the job's start; then, once, those that may be empty.
     */
    private static void waitForDataAndRollbackAlerts(PrometheusServer prometheus, List<Check> checks, long started)
            throws IOException, InterruptedException {
        long deadline = started + WAIT.toNanos();
        while (true) {
            for (Check c : checks) {
                if (c.emptyBecause == null && c.series == 0) {
                    c.run(prometheus);
                }
            }
            boolean done = checks.stream().allMatch(c -> c.series > 0 || c.emptyBecause != null)
                    && rollbackAlertsRaised(prometheus);
            if (done || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(2000);
        }
        for (Check c : checks) {
            if (c.emptyBecause != null) {
                c.run(prometheus);
            }
        }
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static void report(List<Check> checks) {
        System.out.println("Prometheus answers (number of series):");
        for (Check c : checks) {
            System.out.printf("  %-5s %-52s %s%s%n", c.series == 0 ? (c.emptyBecause != null ? "empty" : "NONE") : c.series,
                    c.what, c.promql.replaceAll("\\s+", " "), c.error != null ? "  ERROR " + c.error
                            : c.series == 0 && c.emptyBecause != null ? "  (" + c.emptyBecause + ")" : "");
        }
        System.out.printf("%d queries: %d returned data, %d legitimately empty, %d without data%n", checks.size(),
                checks.stream().filter(c -> c.series > 0).count(),
                checks.stream().filter(c -> c.series == 0 && c.emptyBecause != null).count(),
                checks.stream().filter(c -> c.series == 0 && c.emptyBecause == null).count());
    }

    // ---------------------------------------------------------------- assertions

    private static void assertEveryRuleEvaluatesWithoutError(PrometheusServer prometheus) throws Exception {
        int rules = 0;
        for (JsonNode group : prometheus.get("/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name").asText(),
                        rule.path("lastError").asText()).isEqualTo("ok");
            }
        }
        assertThat(rules).isEqualTo(MonitoringFiles.recordingRules().size() + alertRuleCount());
        JsonNode targets = prometheus.get("/api/v1/targets").path("data").path("activeTargets");
        assertThat(targets).hasSize(1);
        assertThat(targets.get(0).path("labels").path("job").asText()).isEqualTo("flink");
        assertThat(targets.get(0).path("health").asText()).isEqualTo("up");
    }

    private static int alertRuleCount() throws IOException {
        int n = 0;
        for (JsonNode group : MonitoringFiles.yaml(MonitoringFiles.DEPLOY.resolve("prometheus/rules/cvd-alerts.yml"))
                .path("groups")) {
            n += group.path("rules").size();
        }
        return n;
    }

    /** Every canonical series of METRICS.md has exactly its documented labels (and job_name), with the values the job knows. */
    private static void assertCanonicalLabels(PrometheusServer prometheus, CvdConfig config, String jobName)
            throws Exception {
        Map<String, Set<String>> allowedValues = new TreeMap<>(Map.of(
                "symbol", SYMBOLS,
                "regime", Set.copyOf(REGIMES),
                "status", Set.of("ok", "withheld", "rejected", "duplicate", "DETECTED", "BACKFILLED", "UNRECOVERABLE"),
                "outcome", Set.of("executed", "confirmed", "failed"),
                "error_type", names(RejectReason.values()),
                "version", Set.of(config.version()),
                "fingerprint", Set.of(config.fingerprint()),
                "profile", Set.of(config.startingProfile("BTCUSDT")),
                "job_name", Set.of(jobName)));
        for (Canonical row : MonitoringFiles.canonicalTable()) {
            for (String name : row.names()) {
                List<String> series = name.equals("cvd_parameter_<name>") ? parameterSeries() : List.of(name);
                for (String s : series) {
                    if (LIVE_SOURCE_ONLY.contains(s)) {
                        continue;
                    }
                    JsonNode result = prometheus.query(s);
                    assertThat(result).as(s).isNotEmpty();
                    Set<String> expected = new TreeSet<>(row.labels());
                    expected.add("job_name");
                    Map<String, Set<String>> seen = new TreeMap<>();
                    for (JsonNode r : result) {
                        Set<String> labels = new TreeSet<>();
                        r.path("metric").fields().forEachRemaining(e -> {
                            if (!e.getKey().equals("__name__")) {
                                labels.add(e.getKey());
                                seen.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue().asText());
                            }
                        });
                        assertThat(labels).as("labels of %s", r.path("metric")).isEqualTo(expected);
                    }
                    seen.forEach((label, values) -> {
                        if (label.equals("le")) {
                            assertThat(values).as("%s le", s).contains("+Inf").allSatisfy(v -> assertThat(v).matches("\\+Inf|[0-9.]+"));
                        } else {
                            assertThat(allowedValues.get(label)).as("values of %s in %s", label, s).containsAll(values);
                        }
                    });
                    if (seen.containsKey("symbol")) {
                        assertThat(seen.get("symbol")).as("symbols of %s", s).isEqualTo(SYMBOLS);
                    }
                    if (seen.containsKey("regime")) {
                        assertThat(seen.get("regime")).as("regimes of %s", s).isEqualTo(Set.copyOf(REGIMES));
                    }
                }
            }
        }
        assertThat(prometheus.query("cvd_gaps_total")).extracting(r -> r.path("metric").path("status").asText())
                .containsOnly(names(GapStatus.values()).toArray(new String[0]));
        assertThat(prometheus.query("cvd_messages_total{status=\"ok\"} > 0")).hasSize(SYMBOLS.size());
    }

    private static List<String> parameterSeries() {
        List<String> names = new ArrayList<>();
        for (EstimatorParameter p : EstimatorParameter.values()) {
            names.add("cvd_parameter_" + p.key().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> names = new TreeSet<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }

    /** The replay breaches: the rollback executed for BTCUSDT, and its P(|Z|>2) rollback-level alert is pending or firing. */
    private static boolean rollbackAlertsRaised(PrometheusServer prometheus) throws IOException, InterruptedException {
        boolean executed = false;
        boolean tails = false;
        for (JsonNode a : prometheus.get("/api/v1/alerts").path("data").path("alerts")) {
            JsonNode labels = a.path("labels");
            if (!labels.path("symbol").asText().equals("BTCUSDT")) {
                continue;
            }
            String name = labels.path("alertname").asText();
            executed |= name.equals("CvdRollbackExecuted") && a.path("state").asText().equals("firing");
            tails |= name.equals("CvdZTailP2High") && labels.path("severity").asText().equals("rollback");
        }
        return executed && tails;
    }

    private static void assertRollbackAlerts(PrometheusServer prometheus) throws Exception {
        JsonNode alerts = prometheus.get("/api/v1/alerts").path("data").path("alerts");
        System.out.println("Alerts:");
        alerts.forEach(a -> System.out.printf("  %-8s %-22s %-9s %s %s%n", a.path("state").asText(),
                a.path("labels").path("alertname").asText(), a.path("labels").path("severity").asText(),
                a.path("labels").path("symbol").asText(), a.path("value").asText()));
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("CvdRollbackExecuted");
            assertThat(a.path("labels").path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(a.path("labels").path("job_name").asText()).startsWith("cvd-e2e-");
            assertThat(a.path("state").asText()).isEqualTo("firing");
        });
        assertThat(alerts).anySatisfy(a -> {
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("CvdZTailP2High");
            assertThat(a.path("labels").path("severity").asText()).isEqualTo("rollback");
            assertThat(a.path("labels").path("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(a.path("state").asText()).isIn("pending", "firing");
            assertThat(a.path("value").asDouble()).isGreaterThan(0.10);
        });
        assertThat(alerts).noneSatisfy(a -> assertThat(HEALTH_ALERTS).contains(a.path("labels").path("alertname").asText()));
        assertThat(prometheus.query("cvd_rollbacks_total{symbol=\"BTCUSDT\", outcome=\"executed\"} == 1")).hasSize(1);
    }

    /**
     * Every symbol has the same number of series, raw and canonical: the labels bound the cardinality, so 500
     * symbols have 500 times as many series as one.
     */
    private static void assertBoundedCardinality(PrometheusServer prometheus) throws Exception {
        for (String selector : List.of("{__name__=~\"cvd_.+\", symbol!=\"\"}", "{__name__=~\"flink_.+\", symbol!=\"\"}")) {
            JsonNode counts = prometheus.query("count by (symbol) (" + selector + ")");
            Map<String, Integer> perSymbol = new TreeMap<>();
            counts.forEach(c -> perSymbol.put(c.path("metric").path("symbol").asText(), c.path("value").get(1).asInt()));
            System.out.printf("series per symbol %s: %s%n", selector, perSymbol);
            assertThat(perSymbol.keySet()).isEqualTo(SYMBOLS);
            assertThat(new TreeSet<>(perSymbol.values())).as("series per symbol, %s", selector).hasSize(1);
        }
    }

    /** The operators as the Flink UI and the dashboard's "records in and out" panel show them. */
    private static void assertOperatorsAreNamed(PrometheusServer prometheus) throws Exception {
        Set<String> names = new TreeSet<>();
        prometheus.query("flink_taskmanager_job_task_operator_numRecordsInPerSecond")
                .forEach(r -> names.add(r.path("metric").path("operator_name").asText()));
        System.out.println("operators: " + names);
        // the control path of a job without a control stream is bounded and empty: its task has finished
        assertThat(names).contains("Source: recorded trades", "route trades, dead letters and gaps",
                "delta Z per symbol", "quality windows per symbol", "thresholds and rollback per symbol");
        assertThat(names).noneMatch(n -> n.matches("(?i)(Map|Filter|Process|Flat Map|Unnamed.*|.*Sink: Unnamed.*)"));
    }
}
