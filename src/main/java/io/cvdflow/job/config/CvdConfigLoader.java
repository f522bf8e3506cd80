package io.cvdflow.job.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.InvalidParameterException;
import io.cvdflow.job.kafka.KafkaSettings;
import io.cvdflow.job.quality.QualitySettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code system.yaml}, applies command-line overrides, and validates everything strictly: unknown keys,
 * wrong types and out-of-bound values are refused with the key's full path.
 *
 * <p>Overrides: {@code a.b.c=VALUE} sets any key of the file; a bare parameter name such as
 * {@code MAD_MULTIPLIER=2.0} sets that parameter of the active profile.
 */
public final class CvdConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> ROOT_KEYS = Set.of("config", "estimator", "quality", "job", "kafka");
    private static final Set<String> CONFIG_KEYS = Set.of("version", "phase");
    private static final Set<String> ESTIMATOR_KEYS = Set.of("active-profile", "rollback-profile", "profiles", "symbols");
    private static final Set<String> SYMBOL_KEYS = Set.of("profile", "overrides", "quality");
    private static final Set<String> JOB_KEYS =
            Set.of("parallelism", "checkpoint-interval", "runtime-profile", "watermark-delay", "idleness", "flink");
    private static final int MAX_PARALLELISM = 1024;

    private CvdConfigLoader() {}

    public static CvdConfig defaults() {
        return fromYaml("{}", "built-in defaults", List.of());
    }

    public static CvdConfig load(Path file, List<String> overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return fromYaml(text, file.toString(), overrides);
    }

    public static CvdConfig fromYaml(String yaml, String sourceName, List<String> overrides) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            throw new ConfigException(sourceName + ": the top level must be a mapping of " + ROOT_KEYS);
        }
        ObjectNode tree = (ObjectNode) root;
        applyOverrides(tree, overrides);
        return resolve(tree);
    }

    private static void applyOverrides(ObjectNode tree, List<String> overrides) {
        List<String[]> bare = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("override '" + o + "' must be KEY=VALUE");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1).trim();
            if (key.contains(".")) {
                setPath(tree, key, value);
            } else {
                bare.add(new String[] {key, value});
            }
        }
        if (!bare.isEmpty()) {
            String active = text(tree.path("estimator").path("active-profile"), "estimator.active-profile", "a1");
            for (String[] kv : bare) {
                setPath(tree, "estimator.profiles." + active + "." + kv[0], kv[1]);
            }
        }
    }

    private static void setPath(ObjectNode tree, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static CvdConfig resolve(ObjectNode tree) {
        checkKeys(tree, "", ROOT_KEYS);
        JsonNode config = object(tree.path("config"), "config");
        checkKeys(config, "config", CONFIG_KEYS);
        String version = text(config.path("version"), "config.version", "v13.0-a1-optimized");
        String phase = text(config.path("phase"), "config.phase", "A1");

        JsonNode estimator = object(tree.path("estimator"), "estimator");
        checkKeys(estimator, "estimator", ESTIMATOR_KEYS);
        Map<String, Map<String, String>> profiles = resolveProfiles(object(estimator.path("profiles"), "estimator.profiles"));
        String active = text(estimator.path("active-profile"), "estimator.active-profile", "a1");
        String rollback = text(estimator.path("rollback-profile"), "estimator.rollback-profile", "baseline");
        requireProfile(profiles, "estimator.active-profile", active);
        requireProfile(profiles, "estimator.rollback-profile", rollback);

        Map<String, CvdConfig.SymbolSettings> symbols = new LinkedHashMap<>();
        JsonNode symbolsNode = object(estimator.path("symbols"), "estimator.symbols");
        for (Iterator<Map.Entry<String, JsonNode>> it = symbolsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String symbol = e.getKey();
            String where = "estimator.symbols." + symbol;
            if (!symbol.matches("[A-Z0-9_]{1,40}")) {
                throw new ConfigException(where + ": '" + symbol + "' is not a symbol: use upper-case letters, digits and _ (e.g. BTCUSDT)");
            }
            JsonNode s = object(e.getValue(), where);
            checkKeys(s, where, SYMBOL_KEYS);
            String profile = s.has("profile") ? text(s.get("profile"), where + ".profile", null) : null;
            if (profile != null) {
                requireProfile(profiles, where + ".profile", profile);
            }
            Map<String, String> overrides = scalars(object(s.path("overrides"), where + ".overrides"), where + ".overrides");
            Map<String, String> quality = scalars(object(s.path("quality"), where + ".quality"), where + ".quality");
            symbols.put(symbol, new CvdConfig.SymbolSettings(profile, overrides, quality));
        }

        JsonNode job = object(tree.path("job"), "job");
        checkKeys(job, "job", JOB_KEYS);
        int parallelism = integer(job.path("parallelism"), "job.parallelism", 1, 1, MAX_PARALLELISM);
        Duration checkpoint = DurationValue.parse(
                "job.checkpoint-interval", text(job.path("checkpoint-interval"), "job.checkpoint-interval", "10s"));
        if (checkpoint.toMillis() < 10) {
            throw new ConfigException("job.checkpoint-interval = " + DurationValue.format(checkpoint)
                    + " is out of bounds: must be at least 10ms");
        }
        RuntimeProfile runtime = runtimeProfile(job.path("runtime-profile"));
        Duration watermarkDelay = job.has("watermark-delay")
                ? DurationValue.parse("job.watermark-delay", text(job.path("watermark-delay"), "job.watermark-delay", null))
                : runtime.watermarkDelay();
        Duration idleness = DurationValue.parse("job.idleness", text(job.path("idleness"), "job.idleness", "30s"));
        if (idleness.isZero()) {
            throw new ConfigException("job.idleness = 0s is out of bounds: must be positive");
        }
        Map<String, String> flink = flatScalars(object(job.path("flink"), "job.flink"), "job.flink");
        QualitySettings quality = QualitySettings.fromMap(
                scalars(object(tree.path("quality"), "quality"), "quality"), "quality");
        KafkaSettings kafka = KafkaSettings.fromMap(flatScalars(object(tree.path("kafka"), "kafka"), "kafka"), "kafka", checkpoint);

        // constructing computes the fingerprint, which resolves (and so validates) every symbol's overrides
        // against every profile
        CvdConfig resolved = new CvdConfig(version, phase, active, rollback, profiles, symbols, quality,
                new CvdConfig.JobSettings(parallelism, checkpoint, runtime, watermarkDelay, idleness, flink), kafka);
        symbols.keySet().forEach(resolved::quality);
        return resolved;
    }

    /** Built-in profiles, then the file's, each resolved through its {@code extends} chain. */
    private static Map<String, Map<String, String>> resolveProfiles(JsonNode profilesNode) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = profilesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().matches("[A-Za-z0-9_-]{1,64}")) {
                throw new ConfigException("estimator.profiles: '" + e.getKey()
                        + "' is not a profile name: use letters, digits, _ and - (at most 64)");
            }
            declared.put(e.getKey(), object(e.getValue(), "estimator.profiles." + e.getKey()));
        }
        Map<String, Map<String, String>> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, EstimatorParameters> b : EstimatorProfiles.builtIns().entrySet()) {
            if (!declared.containsKey(b.getKey())) {
                resolved.put(b.getKey(), b.getValue().asMap());
            }
        }
        for (String name : declared.keySet()) {
            resolved.put(name, resolveProfile(name, declared, new LinkedHashSet<>()));
        }
        return resolved;
    }

    private static Map<String, String> resolveProfile(String name, Map<String, JsonNode> declared, Set<String> chain) {
        String where = "estimator.profiles." + name;
        if (!chain.add(name)) {
            throw new ConfigException(where + ".extends forms a cycle: " + String.join(" -> ", chain) + " -> " + name);
        }
        JsonNode node = declared.get(name);
        Map<String, String> own = scalars(node, where);
        String parent = own.remove("extends");
        Map<String, String> base;
        if (parent != null && declared.containsKey(parent) && !parent.equals(name)) {
            base = resolveProfile(parent, declared, chain);
        } else {
            String builtIn = parent != null ? parent : EstimatorProfiles.builtIns().containsKey(name) ? name : "a1";
            EstimatorParameters p = EstimatorProfiles.builtIns().get(builtIn);
            if (p == null) {
                throw new ConfigException(where + ".extends = '" + parent + "' names no profile: known are "
                        + declared.keySet() + " and the built-in " + EstimatorProfiles.builtIns().keySet());
            }
            base = p.asMap();
        }
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(own);
        try {
            return EstimatorParameters.fromMap(merged, where).asMap();
        } catch (InvalidParameterException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static RuntimeProfile runtimeProfile(JsonNode node) {
        String name = text(node, "job.runtime-profile", "analysis");
        for (RuntimeProfile p : RuntimeProfile.values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new ConfigException("job.runtime-profile = '" + name + "' is not a runtime profile: use analysis or realtime");
    }

    private static void requireProfile(Map<String, Map<String, String>> profiles, String key, String name) {
        if (!profiles.containsKey(name)) {
            throw new ConfigException(key + " = '" + name + "' names no profile: known profiles are " + profiles.keySet());
        }
    }

    private static void checkKeys(JsonNode node, String where, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new ConfigException((where.isEmpty() ? "" : where + ".") + k
                        + " is not a known key: allowed here are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static JsonNode object(JsonNode node, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new ConfigException(where + " must be a mapping, not '" + node.asText() + "'");
        }
        return node;
    }

    private static Map<String, String> scalars(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigException(where + "." + e.getKey() + " must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * A mapping's values by dotted path, so that {@code {a: {b: 1}}}, {@code {a.b: 1}} and {@code --set x.a.b=1}
     * are the same key {@code a.b}. A null value counts as absent.
     */
    private static Map<String, String> flatScalars(JsonNode node, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(node, "", where, out);
        return out;
    }

    private static void flatten(JsonNode node, String prefix, String where, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), key + ".", where, out);
            } else if (!e.getValue().isValueNode()) {
                throw new ConfigException(where + "." + key + " must be a single value");
            } else if (!e.getValue().isNull() && out.put(key, e.getValue().asText()) != null) {
                throw new ConfigException(where + "." + key + " is set twice");
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isValueNode()) {
            throw new ConfigException(key + " must be a single value");
        }
        String s = node.asText().trim();
        if (s.isEmpty()) {
            throw new ConfigException(key + " must not be empty");
        }
        return s;
    }

    private static int integer(JsonNode node, String key, int fallback, int min, int max) {
        String s = text(node, key, Integer.toString(fallback));
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " = '" + s + "' is not an integer");
        }
        if (v < min || v > max) {
            throw new ConfigException(key + " = " + v + " is out of bounds: must be in [" + min + ", " + max + "]");
        }
        return v;
    }
}
