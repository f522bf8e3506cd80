package io.cvdflow.job.validation.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.cvdflow.job.estimator.EstimatorParameter;
import io.cvdflow.job.estimator.EstimatorParameters;

import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes a sweep's result as a configuration file that {@code ./cvd replay --config FILE} runs directly: the base
 * configuration (when there is one) with a new profile holding every parameter of the best point, made the active
 * profile, and optionally per-symbol overrides. Every parameter is written out, so the profile means the same
 * whatever the built-in defaults become.
 */
public final class ProfileWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ProfileWriter() {}

    /**
     * @param baseYaml the configuration the sweep ran on, or null for none (the built-in defaults)
     * @param name the new profile's name
     * @param parameters its parameters
     * @param symbolOverrides per symbol, parameter overrides to add (may be empty)
     * @param header comment lines for the top of the file
     */
    public static String write(String baseYaml, String name, EstimatorParameters parameters,
            Map<String, Map<String, String>> symbolOverrides, String header) {
        ObjectNode root;
        try {
            JsonNode base = baseYaml == null ? null : YAML.readTree(baseYaml);
            root = base instanceof ObjectNode ? (ObjectNode) base : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the base configuration is not valid YAML: " + e.getOriginalMessage(), e);
        }
        ObjectNode estimator = object(root, "estimator");
        estimator.put("active-profile", name);
        ObjectNode profile = object(object(estimator, "profiles"), name);
        profile.removeAll();
        parameters.asMap().forEach((key, value) -> put(profile, key, value));
        if (!symbolOverrides.isEmpty()) {
            ObjectNode symbols = object(estimator, "symbols");
            symbolOverrides.forEach((symbol, overrides) -> {
                ObjectNode o = object(object(symbols, symbol), "overrides");
                overrides.forEach((key, value) -> put(o, key, value));
            });
        }
        StringBuilder text = new StringBuilder();
        for (String line : header.split("\n", -1)) {
            text.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        try {
            return text.append(YAML.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        JsonNode child = parent.get(key);
        return child instanceof ObjectNode ? (ObjectNode) child : parent.putObject(key);
    }

    /** A value as YAML writes it naturally: numbers and booleans unquoted. */
    private static void put(ObjectNode node, String key, String value) {
        EstimatorParameter.Type type = EstimatorParameter.valueOf(key).type();
        switch (type) {
            case DOUBLE, INT, LONG -> node.put(key, new BigDecimal(value));
            case BOOL -> node.put(key, Boolean.parseBoolean(value));
            default -> node.put(key, value);
        }
    }
}
