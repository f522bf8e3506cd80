package io.cvdflow.job.quality;

import io.cvdflow.job.estimator.NamedOption;

/** How a proportion (a tail ratio, the floor-hit rate) is tested against a bound. */
public enum BreachTest implements NamedOption {
    /**
     * The bound is breached only when the lower end of the 95% Wilson score interval of the proportion exceeds
     * it: the excess is statistically credible, so a small sample cannot cry wolf.
     */
    WILSON("wilson"),
    /** The plain ratio exceeds the bound (the seed's behaviour). */
    RATIO("ratio");

    private final String configName;

    BreachTest(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
