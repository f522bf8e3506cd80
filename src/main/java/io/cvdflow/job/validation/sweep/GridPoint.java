package io.cvdflow.job.validation.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One point of a {@link ParameterGrid}: a value for each swept parameter.
 *
 * @param index the point's position in the grid
 * @param values parameter key to value, in the grid's order
 */
public record GridPoint(int index, Map<String, String> values) {
    /** The values as command-line overrides ({@code KEY=value}) of the active profile. */
    public List<String> overrides() {
        List<String> o = new ArrayList<>();
        values.forEach((k, v) -> o.add(k + "=" + v));
        return o;
    }

    /** {@code KEY=value KEY=value}. */
    public String describe() {
        return String.join(" ", overrides());
    }
}
