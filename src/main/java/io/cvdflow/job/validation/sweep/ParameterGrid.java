package io.cvdflow.job.validation.sweep;

import io.cvdflow.job.estimator.EstimatorParameter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The points of a parameter sweep: the cartesian product of each parameter's values, from specifications such as
 * {@code MAD_MULTIPLIER=1.2,1.5,1.8}. Keys are estimator parameters (any case); values are checked when a point
 * is resolved against a profile, with the configuration's messages.
 */
public final class ParameterGrid {
    /** The most points a sweep takes; each runs the estimator over every trade. */
    public static final int MAX_POINTS = 10_000;

    private final Map<String, List<String>> axes;

    private ParameterGrid(Map<String, List<String>> axes) {
        this.axes = axes;
    }

    /**
     * @throws IllegalArgumentException for a malformed specification, an unknown parameter, a parameter given
     *     twice, a value given twice, or more than {@link #MAX_POINTS} points
     */
    public static ParameterGrid parse(List<String> specifications) {
        if (specifications.isEmpty()) {
            throw new IllegalArgumentException("no grid: give at least one KEY=v1,v2,... (for example MAD_MULTIPLIER=1.5,1.8)");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        long points = 1;
        for (String spec : specifications) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("grid '" + spec + "' must be KEY=v1,v2,...");
            }
            String key = spec.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            if (!isParameter(key)) {
                throw new IllegalArgumentException("grid '" + spec + "': " + key + " is not an estimator parameter; known are "
                        + java.util.Arrays.stream(EstimatorParameter.values()).map(EstimatorParameter::key).sorted().toList());
            }
            if (axes.containsKey(key)) {
                throw new IllegalArgumentException("grid: " + key + " is given twice; list all its values in one --grid");
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",")) {
                String value = v.trim();
                if (value.isEmpty() || values.contains(value)) {
                    throw new IllegalArgumentException("grid '" + spec + "': empty or repeated value '" + value + "'");
                }
                values.add(value);
            }
            points *= values.size();
            if (points > MAX_POINTS) {
                throw new IllegalArgumentException("grid has more than " + MAX_POINTS + " points");
            }
            axes.put(key, Collections.unmodifiableList(values));
        }
        return new ParameterGrid(Collections.unmodifiableMap(axes));
    }

    private static boolean isParameter(String key) {
        for (EstimatorParameter p : EstimatorParameter.values()) {
            if (p.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Each parameter with its values, in the order given. */
    public Map<String, List<String>> axes() {
        return axes;
    }

    public int size() {
        int n = 1;
        for (List<String> values : axes.values()) {
            n *= values.size();
        }
        return n;
    }

    /** Every point; the last parameter varies fastest. */
    public List<GridPoint> points() {
        List<String> keys = new ArrayList<>(axes.keySet());
        List<GridPoint> points = new ArrayList<>(size());
        for (int index = 0; index < size(); index++) {
            Map<String, String> values = new LinkedHashMap<>();
            int rest = index;
            for (int k = keys.size() - 1; k >= 0; k--) {
                List<String> options = axes.get(keys.get(k));
                values.put(keys.get(k), options.get(rest % options.size()));
                rest /= options.size();
            }
            Map<String, String> ordered = new LinkedHashMap<>();
            keys.forEach(key -> ordered.put(key, values.get(key)));
            points.add(new GridPoint(index, Collections.unmodifiableMap(ordered)));
        }
        return points;
    }
}
