package io.cvdflow.job.config;

import java.time.Duration;

/**
 * The seed's two runtime profiles. They differ in how long event time waits for late trades before a quality
 * window closes: {@code analysis} favours completeness, {@code realtime} latency.
 */
public enum RuntimeProfile {
    ANALYSIS(Duration.ofMillis(2000)),
    REALTIME(Duration.ofMillis(500));

    private final Duration watermarkDelay;

    RuntimeProfile(Duration watermarkDelay) {
        this.watermarkDelay = watermarkDelay;
    }

    public Duration watermarkDelay() {
        return watermarkDelay;
    }
}
