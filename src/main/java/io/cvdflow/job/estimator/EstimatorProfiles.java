package io.cvdflow.job.estimator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in parameter sets.
 *
 * <ul>
 *   <li>{@code a1}: the seed's deployed "v13.0-a1-optimized" values ({@code a1-delta-z.md}).
 *   <li>{@code baseline}: what the seed rolled back to, "the previous version". The seed does not list it, so
 *       this is our choice: A1's structure with the pre-optimisation values MAD_MULTIPLIER=1.5,
 *       SCALE_FAST_WEIGHT=0.35, HALF_LIFE_TRADES=300, WINSOR_LIMIT=8.0.
 *   <li>{@code calibrated}: A1's other settings with {@code Z_MODE = calibrated}.
 * </ul>
 */
public final class EstimatorProfiles {
    public static final String A1 = "a1";
    public static final String BASELINE = "baseline";
    public static final String CALIBRATED = "calibrated";

    private static final Map<String, EstimatorParameters> BUILT_INS;

    static {
        Map<String, EstimatorParameters> m = new LinkedHashMap<>();
        m.put(A1, EstimatorParameters.a1Defaults());
        m.put(BASELINE, EstimatorParameters.fromMap(Map.of(
                "MAD_MULTIPLIER", "1.5",
                "SCALE_FAST_WEIGHT", "0.35",
                "HALF_LIFE_TRADES", "300",
                "WINSOR_LIMIT", "8.0"), "profiles." + BASELINE));
        m.put(CALIBRATED, EstimatorParameters.fromMap(Map.of("Z_MODE", "calibrated"), "profiles." + CALIBRATED));
        BUILT_INS = Collections.unmodifiableMap(m);
    }

    private EstimatorProfiles() {}

    /** The built-in profiles by name, in the order a1, baseline, calibrated. */
    public static Map<String, EstimatorParameters> builtIns() {
        return BUILT_INS;
    }

    public static EstimatorParameters a1() {
        return BUILT_INS.get(A1);
    }

    public static EstimatorParameters baseline() {
        return BUILT_INS.get(BASELINE);
    }

    public static EstimatorParameters calibrated() {
        return BUILT_INS.get(CALIBRATED);
    }
}
