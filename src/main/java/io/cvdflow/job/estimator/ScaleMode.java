package io.cvdflow.job.estimator;

/** The scale a delta Z divides by. */
public enum ScaleMode implements NamedOption {
    /** A mix of the fast and slow EWMAs of |delta|, floored by the MAD of recent deltas. */
    HYBRID("hybrid"),
    /** The slow EWMA of |delta| alone. */
    EWMA("ewma");

    private final String configName;

    ScaleMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
