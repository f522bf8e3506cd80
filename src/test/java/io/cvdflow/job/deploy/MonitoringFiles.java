package io.cvdflow.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads the monitoring files of the repository: the metric contract, the recording rules and the dashboard. */
final class MonitoringFiles {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DEPLOY = Path.of("deploy");
    static final Path DASHBOARD = Path.of("grafana/dashboards/cvd.json");

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `cvd_.*");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern LEADING_NAMES = Pattern.compile("^(`[^`]+`(?:, `[^`]+`)*)");

    /** One row of the canonical table of METRICS.md: canonical names, their labels and the raw Flink names. */
    record Canonical(List<String> names, Set<String> labels, List<String> raw) {}

    private MonitoringFiles() {}

    /** The canonical table; {@code cvd_parameter_<name>} stands for one series per estimator parameter. */
    static List<Canonical> canonicalTable() throws IOException {
        List<Canonical> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("docs/METRICS.md"))) {
            if (!TABLE_ROW.matcher(line).matches()) {
                continue;
            }
            String[] cells = line.split("\\|");
            List<String> names = leadingNames(cells[1].trim());
            Set<String> labels = new TreeSet<>();
            for (String label : cells[2].split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
            List<String> raw = leadingNames(cells[3].trim());
            assertThat(raw).as("raw names of %s", names).hasSameSizeAs(names);
            rows.add(new Canonical(names, labels, raw));
        }
        assertThat(rows).hasSizeGreaterThan(30);
        return rows;
    }

    private static List<String> leadingNames(String cell) {
        Matcher leading = LEADING_NAMES.matcher(cell);
        assertThat(leading.find()).as(cell).isTrue();
        List<String> names = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(leading.group(1));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Recorded name to expression, in file order. */
    static Map<String, String> recordingRules() throws IOException {
        Map<String, String> records = new LinkedHashMap<>();
        for (JsonNode group : yaml(DEPLOY.resolve("prometheus/rules/cvd-recording.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String previous = records.put(rule.path("record").asText(), rule.path("expr").asText());
                assertThat(previous).as("one rule per record").isNull();
            }
        }
        return records;
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(DASHBOARD.toFile());
    }

    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }

    /** Every PromQL query of the dashboard: the panels' targets, then the annotations. */
    static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            queries.addAll(panel.path("targets").findValuesAsText("expr"));
        }
        queries.addAll(dashboard.path("annotations").path("list").findValuesAsText("expr"));
        return queries;
    }

    static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }
}
