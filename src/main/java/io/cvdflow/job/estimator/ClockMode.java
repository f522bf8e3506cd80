package io.cvdflow.job.estimator;

/** What the EWMAs' half-lives count. */
public enum ClockMode implements NamedOption {
    /** Half-lives in seconds of trade time ({@code TAU_FAST_SEC}, {@code TAU_SLOW_SEC}). */
    EVENT_TIME("event-time"),
    /** Half-lives in trades ({@code EWMA_FAST_HL}, {@code HALF_LIFE_TRADES}). */
    TRADES("trades");

    private final String configName;

    ClockMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
