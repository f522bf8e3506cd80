package io.cvdflow.job.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.InvalidParameterException;
import io.cvdflow.job.model.ControlAction;
import io.cvdflow.job.model.ControlCommand;

import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and validates control commands against the configuration: the action, the symbol, the profile, and
 * every parameter's name and bound. What depends on a symbol's state (a fingerprint) is checked by the Z operator.
 */
public final class ControlCommandParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS =
            Set.of("action", "symbol", "profile", "parameters", "fingerprint", "issuedBy", "reason", "issuedAtMs");

    private final CvdConfig config;

    public ControlCommandParser(CvdConfig config) {
        this.config = config;
    }

    public ControlCommand parse(String line) throws InvalidCommandException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new InvalidCommandException("not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidCommandException("a command is a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new InvalidCommandException("unknown field '" + k + "': known are " + KEYS);
            }
        }
        ControlCommand c = new ControlCommand();
        c.action = action(text(node, "action", true));
        c.symbol = text(node, "symbol", true);
        if (!ControlCommand.ALL_SYMBOLS.equals(c.symbol) && !c.symbol.matches("[A-Z0-9_]{1,40}")) {
            throw new InvalidCommandException("symbol '" + c.symbol + "' is neither a symbol (e.g. BTCUSDT) nor *");
        }
        c.profile = text(node, "profile", c.action == ControlAction.SWITCH_PROFILE);
        c.fingerprint = text(node, "fingerprint", c.action == ControlAction.PIN_FINGERPRINT);
        c.issuedBy = node.hasNonNull("issuedBy") ? node.get("issuedBy").asText() : "operator";
        c.reason = node.hasNonNull("reason") ? node.get("reason").asText() : null;
        c.issuedAtMs = node.path("issuedAtMs").asLong(0);
        if (c.profile != null && !config.hasProfile(c.profile)) {
            throw new InvalidCommandException("unknown profile '" + c.profile + "': known are " + config.profileNames());
        }
        if (c.action == ControlAction.SET_PARAMETERS) {
            c.parameters = canonicalParameters(node.get("parameters"));
        }
        return c;
    }

    /** The parameters a symbol runs with: the profile's (with the symbol's configured overrides) and then the command's. */
    public EstimatorParameters resolve(String profile, String symbol, String parameters) throws InvalidCommandException {
        EstimatorParameters base;
        try {
            base = config.parameters(profile, symbol);
        } catch (ConfigException e) {
            throw new InvalidCommandException(e.getMessage());
        }
        if (parameters == null || parameters.isEmpty()) {
            return base;
        }
        Map<String, String> merged = new LinkedHashMap<>(base.asMap());
        merged.putAll(splitParameters(parameters));
        try {
            return EstimatorParameters.fromMap(merged, "command.parameters");
        } catch (InvalidParameterException e) {
            throw new InvalidCommandException(e.getMessage());
        }
    }

    public static Map<String, String> splitParameters(String parameters) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : parameters.split(",")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    private String canonicalParameters(JsonNode p) throws InvalidCommandException {
        if (p == null || !p.isObject() || p.size() == 0) {
            throw new InvalidCommandException("set-parameters needs \"parameters\": {\"KEY\": \"value\", ...}");
        }
        Map<String, String> raw = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode()) {
                throw new InvalidCommandException("parameters." + e.getKey() + " must be a single value");
            }
            raw.put(e.getKey(), e.getValue().asText());
        }
        Map<String, String> merged = new LinkedHashMap<>(config.parameters(config.activeProfile(), null).asMap());
        merged.putAll(raw);
        EstimatorParameters checked;
        try {
            checked = EstimatorParameters.fromMap(merged, "command.parameters");
        } catch (InvalidParameterException e) {
            throw new InvalidCommandException(e.getMessage());
        }
        StringBuilder canonical = new StringBuilder();
        for (String key : raw.keySet()) {
            canonical.append(canonical.length() == 0 ? "" : ",").append(key).append('=').append(checked.asMap().get(key));
        }
        return canonical.toString();
    }

    private static ControlAction action(String name) throws InvalidCommandException {
        try {
            return ControlAction.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException("unknown action '" + name + "': use switch-profile, set-parameters or pin-fingerprint");
        }
    }

    private static String text(JsonNode node, String key, boolean required) throws InvalidCommandException {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidCommandException("missing field '" + key + "'");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidCommandException("field '" + key + "' must be a non-empty string");
        }
        return v.asText().trim();
    }
}
