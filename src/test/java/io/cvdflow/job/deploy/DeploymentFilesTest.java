package io.cvdflow.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvdflow.job.deploy.MonitoringFiles.Canonical;
import io.cvdflow.job.estimator.EstimatorParameter;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cvdflow.job.deploy.MonitoringFiles.DEPLOY;
import static io.cvdflow.job.deploy.MonitoringFiles.JSON;
import static io.cvdflow.job.deploy.MonitoringFiles.YAML;
import static io.cvdflow.job.deploy.MonitoringFiles.canonicalTable;
import static io.cvdflow.job.deploy.MonitoringFiles.dashboard;
import static io.cvdflow.job.deploy.MonitoringFiles.dashboardQueries;
import static io.cvdflow.job.deploy.MonitoringFiles.panels;
import static io.cvdflow.job.deploy.MonitoringFiles.recordingRules;
import static io.cvdflow.job.deploy.MonitoringFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment and monitoring files under {@code deploy/} and {@code grafana/} agree with each other, with the
 * metric contract {@code docs/METRICS.md}, with the build, and with Flink's own configuration parser. The
 * behaviour of the rules themselves is tested by promtool ({@code deploy/check-config.sh}).
 */
class DeploymentFilesTest {
    private static final String RAW_PREFIX = "flink_taskmanager_job_task_operator_";
    private static final String PARAMETER_FAMILY = "cvd_parameter_<name>";

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern NAME_REGEX_MATCHER = Pattern.compile("__name__=~\"(cvd_[a-z_]+)\\.\\+\"");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern LABEL_CLAUSE =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by", "without", "on", "ignoring");
    private static final Pattern BY_CLAUSE = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

    // ---------------------------------------------------------------- docker-compose

    @Test
    void dockerComposeRunsTheWholeStackFromFilesOfTheRepository() throws Exception {
        JsonNode services = yaml(DEPLOY.resolve("docker-compose.yml")).path("services");
        assertThat(names(services))
                .contains("kafka", "jobmanager", "submitter", "prometheus", "alertmanager", "grafana");

        List<String> taskManagers = new ArrayList<>();
        services.fields().forEachRemaining(e -> {
            if (e.getValue().path("command").toString().contains("\"taskmanager\"")) {
                taskManagers.add(e.getKey());
            }
        });
        int replicas = taskManagers.stream()
                .mapToInt(s -> services.path(s).path("deploy").path("replicas").asInt(1)).sum();
        assertThat(replicas).as("TaskManagers %s", taskManagers).isGreaterThanOrEqualTo(2);

        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText())
                .contains("broker", "controller");

        String jar = "../target/" + jobJarName();
        List<String> flinkServices = new ArrayList<>(taskManagers);
        flinkServices.add("jobmanager");
        flinkServices.add("submitter");
        for (String s : flinkServices) {
            JsonNode service = services.path(s);
            assertThat(service.path("image").asText()).as(s).startsWith("flink:2.2");
            assertThat(mountSources(service)).as(s).contains("./flink/config.yaml", jar);
        }
        assertThat(texts(services.path("submitter").path("command")))
                .containsSubsequence("flink", "run", "-d", "/opt/cvd/cvd-job.jar", "run")
                .contains("--symbols", "--kafka.bootstrap-servers", "kafka:9092");

        assertThat(mountSources(services.path("prometheus"))).contains("./prometheus");
        assertThat(mountSources(services.path("alertmanager"))).contains("./alertmanager/alertmanager.yml");
        assertThat(mountSources(services.path("grafana")))
                .contains("../grafana/provisioning", "../grafana/dashboards");

        services.fields().forEachRemaining(e -> {
            for (String source : mountSources(e.getValue())) {
                if (!source.equals(jar)) {
                    assertThat(DEPLOY.resolve(source)).as("%s mounts %s", e.getKey(), source).exists();
                }
            }
        });

        JsonNode secrets = yaml(DEPLOY.resolve("docker-compose.yml")).path("secrets");
        for (String secret : texts(services.path("alertmanager").path("secrets"))) {
            assertThat(secrets.has(secret)).as("secret %s is declared", secret).isTrue();
        }
    }

    @Test
    void grafanaProvisioningLoadsTheDashboardFromWhereComposeMountsIt() throws IOException {
        JsonNode services = yaml(DEPLOY.resolve("docker-compose.yml")).path("services");
        String dashboardsTarget = texts(services.path("grafana").path("volumes")).stream()
                .filter(v -> v.startsWith("../grafana/dashboards:"))
                .map(v -> v.split(":")[1])
                .findFirst().orElseThrow();
        JsonNode provider = yaml(Path.of("grafana/provisioning/dashboards/cvd.yml")).path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText()).isEqualTo(dashboardsTarget);

        JsonNode datasource = yaml(Path.of("grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode variable = variable(dashboard(), "datasource");
        assertThat(variable.path("current").path("value").asText()).isEqualTo(datasource.path("uid").asText());
    }

    // ---------------------------------------------------------------- Flink cluster configuration

    @Test
    void flinkConfigYamlIsReadByFlinkWithReporterDurableCheckpointsAndJava17Opens() throws Exception {
        Configuration conf = GlobalConfiguration.loadConfiguration(DEPLOY.resolve("flink").toString());
        assertClusterSettings(conf);
        assertThat(conf.toMap().get("metrics.reporter.prom.port")).contains("9249");
    }

    @Test
    void flinkDeploymentUpgradesWithSavepointsUnderHaAndRollsBackFailedUpgrades() throws Exception {
        List<JsonNode> documents = yamlDocuments(DEPLOY.resolve("kubernetes/flinkdeployment.yaml"));
        JsonNode deployment = documents.stream()
                .filter(d -> d.path("kind").asText().equals("FlinkDeployment")).findFirst().orElseThrow();
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        JsonNode spec = deployment.path("spec");
        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(spec.path("job").path("jarURI").asText()).startsWith("local://").endsWith(".jar");
        assertThat(Class.forName(spec.path("job").path("entryClass").asText())).isNotNull();
        assertThat(spec.path("job").path("parallelism").asInt()).isPositive();
        for (String component : List.of("jobManager", "taskManager")) {
            assertThat(spec.path(component).path("resource").path("memory").asText()).as(component).isNotEmpty();
            assertThat(spec.path(component).path("resource").path("cpu").asDouble()).as(component).isPositive();
        }

        Map<String, String> flinkConfiguration = new HashMap<>();
        spec.path("flinkConfiguration").fields()
                .forEachRemaining(e -> flinkConfiguration.put(e.getKey(), e.getValue().asText()));
        assertThat(flinkConfiguration)
                .containsEntry("high-availability.type", "kubernetes")
                .containsKey("high-availability.storageDir")
                .containsEntry("kubernetes.operator.deployment.rollback.enabled", "true")
                .containsKey("kubernetes.operator.deployment.readiness.timeout")
                .containsEntry("metrics.reporter.prom.port", "9249");
        Configuration conf = Configuration.fromMap(flinkConfiguration);
        assertClusterSettings(conf);

        // the same job settings as the cluster's config.yaml, except addresses, memory and the reporter's port
        Map<String, String> clusterFile =
                GlobalConfiguration.loadConfiguration(DEPLOY.resolve("flink").toString()).toMap();
        clusterFile.forEach((key, value) -> {
            if (!key.startsWith("jobmanager.") && !key.startsWith("rest.") && !key.startsWith("taskmanager.memory")
                    && !key.equals("taskmanager.bind-host") && !key.equals("metrics.reporter.prom.port")) {
                assertThat(conf.toMap().get(key)).as(key).isEqualTo(value);
            }
        });

        JsonNode podTemplate = spec.path("podTemplate");
        JsonNode main = podTemplate.path("spec").path("containers").get(0);
        assertThat(main.path("name").asText()).isEqualTo("flink-main-container");
        assertThat(main.path("ports").findValuesAsText("containerPort")).contains("9249");
        String metricsPort = main.path("ports").get(0).path("name").asText();

        JsonNode podMonitor = documents.stream()
                .filter(d -> d.path("kind").asText().equals("PodMonitor")).findFirst().orElseThrow();
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").findValuesAsText("port"))
                .contains(metricsPort);
        podMonitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(e ->
                assertThat(podTemplate.path("metadata").path("labels").path(e.getKey()).asText())
                        .isEqualTo(e.getValue().asText()));
        String jobLabel = podMonitor.path("spec").path("jobLabel").asText();
        assertThat(podTemplate.path("metadata").path("labels").path(jobLabel).asText())
                .as("Prometheus job label the alerts expect").isEqualTo(prometheusFlinkJob());
    }

    private static void assertClusterSettings(Configuration conf) throws Exception {
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isPositive();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).matches("(s3|hdfs|gs|abfss?)://.+");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).matches("(s3|hdfs|gs|abfss?)://.+");
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isIn("hashmap", "rocksdb");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        String factory = conf.toMap().get("metrics.reporter.prom.factory.class");
        assertThat(factory).isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(MetricReporterFactory.class.isAssignableFrom(Class.forName(factory))).isTrue();
        assertThat(words(conf.get(CoreOptions.FLINK_JVM_OPTIONS))).isEqualTo(words(pomProperty("flink.jvm.opens")));
    }

    // ---------------------------------------------------------------- Prometheus

    @Test
    void everyCanonicalSeriesOfTheContractHasARecordingRuleFromItsRawSeriesKeepingItsLabels() throws IOException {
        Map<String, String> records = recordingRules();
        Set<String> documented = new TreeSet<>();
        for (Canonical row : canonicalTable()) {
            for (int i = 0; i < row.names().size(); i++) {
                String name = row.names().get(i);
                if (name.equals(PARAMETER_FAMILY)) {
                    continue;
                }
                documented.add(name);
                assertThat(records).as("recording rule for %s", name).containsKey(name);
                String expr = records.get(name);
                assertThat(expr).as(name).contains(RAW_PREFIX + row.raw().get(i));
                assertThat(byLabels(expr)).as("labels of %s", name).isEqualTo(withJobName(row.labels()));
            }
        }
        for (EstimatorParameter p : EstimatorParameter.values()) {
            String name = "cvd_parameter_" + p.key().toLowerCase(Locale.ROOT);
            documented.add(name);
            assertThat(records).as("recording rule for %s", name).containsKey(name);
            assertThat(records.get(name)).contains(RAW_PREFIX + "symbol_" + name);
            assertThat(byLabels(records.get(name))).isEqualTo(Set.of("job_name", "symbol"));
        }
        assertThat(records.keySet()).as("every record is documented").isEqualTo(documented);
    }

    @Test
    void prometheusLoadsTheRulesAndScrapesFlinkAsOneJobFromRewritableTargetFiles() throws IOException {
        Path dir = DEPLOY.resolve("prometheus");
        JsonNode config = yaml(dir.resolve("prometheus.yml"));
        for (String ruleFile : texts(config.path("rule_files"))) {
            assertThat(dir.resolve(ruleFile)).exists();
        }
        JsonNode flink = config.path("scrape_configs").get(0);
        assertThat(flink.path("job_name").asText()).isEqualTo(prometheusFlinkJob());
        assertThat(config.path("scrape_configs")).hasSize(1);
        List<String> targets = new ArrayList<>();
        for (String glob : texts(flink.path("file_sd_configs").get(0).path("files"))) {
            Path pattern = dir.resolve(glob);
            try (DirectoryStream<Path> files =
                         Files.newDirectoryStream(pattern.getParent(), pattern.getFileName().toString())) {
                for (Path f : files) {
                    JSON.readTree(f.toFile()).forEach(group -> targets.addAll(texts(group.path("targets"))));
                }
            }
        }
        assertThat(targets).contains("jobmanager:9249", "taskmanager-1:9249", "taskmanager-2:9249");
        String alertmanagers = texts(config.path("alerting").path("alertmanagers").get(0)
                .path("file_sd_configs").get(0).path("files")).get(0);
        assertThat(JSON.readTree(dir.resolve(alertmanagers).toFile()).get(0).path("targets").get(0).asText())
                .isEqualTo("alertmanager:9093");
    }

    @Test
    void alertsUseOnlyCanonicalSeriesAndFlinkBuiltInsAndEachLevelHasAPromtoolTestThatFiresIt()
            throws IOException {
        Set<String> allowed = allowedMetricNames();
        Set<String> alertLevels = new TreeSet<>();
        for (JsonNode group : yaml(DEPLOY.resolve("prometheus/rules/cvd-alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                String severity = rule.path("labels").path("severity").asText();
                assertThat(severity).as(alert).isIn("warning", "critical", "rollback");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotEmpty();
                assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotEmpty();
                assertThat(rule.path("annotations").path("runbook").asText()).as(alert).contains("deploy/README.md");
                assertThat(metricNames(rule.path("expr").asText())).as(alert).isSubsetOf(allowed);
                alertLevels.add(alert + "/" + severity);
            }
        }
        Set<String> testedLevels = new TreeSet<>();
        try (DirectoryStream<Path> tests = Files.newDirectoryStream(DEPLOY.resolve("prometheus/tests"), "*.yml")) {
            for (Path file : tests) {
                for (JsonNode test : yaml(file).path("tests")) {
                    for (JsonNode alertTest : test.path("alert_rule_test")) {
                        for (JsonNode expected : alertTest.path("exp_alerts")) {
                            testedLevels.add(alertTest.path("alertname").asText() + "/"
                                    + expected.path("exp_labels").path("severity").asText());
                        }
                    }
                }
            }
        }
        assertThat(testedLevels).isEqualTo(alertLevels);
        assertThat(alertLevels).contains(
                "CvdZTailP2High/rollback", "CvdZTailP3High/rollback", "CvdFloorHitRateHigh/rollback",
                "CvdScaleMedianLow/rollback", "CvdLatencyP95High/rollback", "CvdRollbackExecuted/rollback",
                "CvdRollbackFailed/rollback", "CvdUnrecoverableGap/critical", "FlinkTargetDown/critical");
    }

    // ---------------------------------------------------------------- Grafana

    @Test
    void dashboardHasBothVariablesAndQueriesOnlyCanonicalSeriesAndFlinkBuiltIns() throws IOException {
        JsonNode dashboard = dashboard();
        JsonNode symbol = variable(dashboard, "symbol");
        assertThat(symbol.path("definition").asText()).isEqualTo("label_values(cvd_z_tail_p2, symbol)");
        JsonNode regime = variable(dashboard, "regime");
        assertThat(regime.path("options").findValuesAsText("value")).containsExactly("all", "active", "quiet");

        Set<String> allowed = allowedMetricNames();
        for (String expr : dashboardQueries(dashboard)) {
            assertThat(metricNames(expr)).as(expr).isSubsetOf(allowed);
        }
    }

    @Test
    void everyCanonicalSeriesAppearsInAPanelAndRollbacksAreAnnotated() throws IOException {
        JsonNode dashboard = dashboard();
        Set<String> queried = new LinkedHashSet<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                queried.addAll(metricNames(expr));
                Matcher family = NAME_REGEX_MATCHER.matcher(expr);
                while (family.find()) {
                    queried.add(family.group(1) + "<name>");
                }
            }
        }
        for (Canonical row : canonicalTable()) {
            assertThat(queried).containsAll(row.names());
        }

        List<String> annotations = dashboard.path("annotations").path("list").findValuesAsText("expr");
        assertThat(annotations).anyMatch(e -> e.contains("cvd_rollbacks_total"));
        assertThat(annotations).anyMatch(e -> e.contains("cvd_rollback_state"));
    }

    @Test
    void qualityAndLatencyPanelsDrawTheSeedsLevelsAsThresholdBands() throws IOException {
        Map<String, List<Double>> levels = new LinkedHashMap<>();
        levels.put("cvd_z_tail_p2", List.of(0.05, 0.08, 0.10));
        levels.put("cvd_z_tail_p3", List.of(0.01, 0.025, 0.05));
        levels.put("cvd_floor_hit_rate", List.of(0.1, 0.2, 0.3));
        levels.put("cvd_latency_bucket", List.of(0.1, 0.25, 0.5));
        levels.put("cvd_scale_median{", List.of(10.0, 15.0, 20.0));
        for (Map.Entry<String, List<Double>> e : levels.entrySet()) {
            JsonNode panel = panels(dashboard()).stream()
                    .filter(p -> p.path("targets").findValuesAsText("expr").stream()
                            .anyMatch(x -> x.contains(e.getKey())))
                    .findFirst().orElseThrow();
            JsonNode defaults = panel.path("fieldConfig").path("defaults");
            List<Double> steps = new ArrayList<>();
            defaults.path("thresholds").path("steps").forEach(s -> {
                if (!s.path("value").isNull()) {
                    steps.add(s.path("value").asDouble());
                }
            });
            assertThat(steps).as(panel.path("title").asText()).isEqualTo(e.getValue());
            assertThat(defaults.path("custom").path("thresholdsStyle").path("mode").asText())
                    .as(panel.path("title").asText()).isNotEqualTo("off");
        }
    }

    // ---------------------------------------------------------------- METRICS.md

    /** The Flink built-ins of METRICS.md, section "Flink built-ins used by the dashboard and alerts". */
    private static Set<String> allowedMetricNames() throws IOException {
        Set<String> allowed = new TreeSet<>();
        for (Canonical row : canonicalTable()) {
            allowed.addAll(row.names());
        }
        for (EstimatorParameter p : EstimatorParameter.values()) {
            allowed.add("cvd_parameter_" + p.key().toLowerCase(Locale.ROOT));
        }
        String doc = Files.readString(Path.of("docs/METRICS.md"));
        String section = doc.substring(doc.indexOf("## Flink built-ins"));
        Matcher m = BACKTICKED.matcher(section);
        while (m.find()) {
            if (m.group(1).startsWith("flink_") || m.group(1).equals("up")) {
                allowed.add(m.group(1));
            }
        }
        assertThat(allowed).contains("flink_jobmanager_job_numRestarts", "up");
        return allowed;
    }

    // ---------------------------------------------------------------- PromQL

    /** Metric names a PromQL expression selects (Grafana variables allowed); functions and labels excluded. */
    static Set<String> metricNames(String expr) {
        String s = GRAFANA_VARIABLE.matcher(expr).replaceAll("");
        s = STRING_LITERAL.matcher(s).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^\\]]*\\]", " ");
        s = LABEL_CLAUSE.matcher(s).replaceAll(" ");
        s = NUMBER.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String rest = s.substring(m.end()).stripLeading();
            if (!rest.startsWith("(") && !PROMQL_KEYWORDS.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    @Test
    void metricNamesFindSelectorsButNotFunctionsLabelsOrVariables() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (symbol, le) "
                + "(rate(cvd_latency_bucket{symbol=~\"$symbol\"}[$__rate_interval]))) > 0.5"))
                .containsExactly("cvd_latency_bucket");
        assertThat(metricNames("cvd_scale_median{regime=\"all\"} < on (job_name, symbol) (1.5 * cvd_scale_median_min)"))
                .containsExactly("cvd_scale_median", "cvd_scale_median_min");
        assertThat(metricNames("increase(x_total[10m]) > 0 or max by (s) (y) == 3"))
                .containsExactly("x_total", "y");
        assertThat(metricNames("{__name__=~\"cvd_parameter_.+\", symbol=~\"$symbol\"}")).isEmpty();
    }

    private static Set<String> byLabels(String expr) {
        Matcher m = BY_CLAUSE.matcher(expr);
        assertThat(m.find()).as(expr).isTrue();
        Set<String> labels = new TreeSet<>();
        for (String label : m.group(1).split(",")) {
            labels.add(label.trim());
        }
        return labels;
    }

    private static Set<String> withJobName(Set<String> labels) {
        Set<String> all = new TreeSet<>(labels);
        all.add("job_name");
        return all;
    }

    private static String prometheusFlinkJob() throws IOException {
        return yaml(DEPLOY.resolve("prometheus/prometheus.yml")).path("scrape_configs").get(0)
                .path("job_name").asText();
    }

    // ---------------------------------------------------------------- Grafana helpers

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    // ---------------------------------------------------------------- files

    private static List<JsonNode> yamlDocuments(Path file) throws IOException {
        return YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** Host paths of a compose service's bind mounts ({@code source:target[:mode]}, relative to deploy/). */
    private static List<String> mountSources(JsonNode service) {
        List<String> sources = new ArrayList<>();
        for (String volume : texts(service.path("volumes"))) {
            String source = volume.substring(0, volume.indexOf(':'));
            if (source.startsWith(".") || source.startsWith("/")) {
                sources.add(source);
            }
        }
        return sources;
    }

    private static List<String> words(String text) {
        return List.of(text.trim().split("\\s+"));
    }

    private static String jobJarName() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("cvd-job.xml").toFile());
        String artifactId = pom.getElementsByTagName("artifactId").item(1).getTextContent();
        String version = pom.getElementsByTagName("version").item(0).getTextContent();
        assertThat(artifactId).isEqualTo("cvd-job");
        return artifactId + "-" + version + ".jar";
    }

    private static String pomProperty(String name) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        return pom.getElementsByTagName(name).item(0).getTextContent();
    }
}
