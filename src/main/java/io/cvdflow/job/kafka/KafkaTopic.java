package io.cvdflow.job.kafka;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The job's topics, each with its key under {@code kafka.topics} and its defaults. Every name, partition count
 * and retention can be configured; records are keyed by symbol.
 */
public enum KafkaTopic {
    /** Z records, one per accepted trade: the busiest topic. */
    Z("z", "cvd.z", 6, Duration.ofDays(7)),
    /** Quality reports, one per symbol and check interval. */
    QUALITY("quality", "cvd.quality", 3, Duration.ofDays(30)),
    /** Levels, rollback signals, acknowledgements and gap reports. */
    SIGNALS("signals", "cvd.signals", 3, Duration.ofDays(30)),
    /** Commands in, operators' and the job's own rollbacks. One partition keeps all commands in order. */
    CONTROL("control", "cvd.control", 1, Duration.ofDays(30)),
    /** Rejected input and rejected commands. */
    DEADLETTER("deadletter", "cvd.deadletter", 3, Duration.ofDays(14)),
    /** Optional input: raw Binance trade frames, keyed by symbol. */
    TRADES("trades", "cvd.trades", 6, Duration.ofDays(7));

    /** What the job writes, and its control input: created at start unless {@code kafka.create-topics} is false. */
    public static final Set<KafkaTopic> JOB_TOPICS = EnumSet.of(Z, QUALITY, SIGNALS, CONTROL, DEADLETTER);

    private final String key;
    private final String defaultName;
    private final int defaultPartitions;
    private final Duration defaultRetention;

    KafkaTopic(String key, String defaultName, int defaultPartitions, Duration defaultRetention) {
        this.key = key;
        this.defaultName = defaultName;
        this.defaultPartitions = defaultPartitions;
        this.defaultRetention = defaultRetention;
    }

    /** The key under {@code kafka.topics}. */
    public String key() {
        return key;
    }

    public String defaultName() {
        return defaultName;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public Duration defaultRetention() {
        return defaultRetention;
    }
}
