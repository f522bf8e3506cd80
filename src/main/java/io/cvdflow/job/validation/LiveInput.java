package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.FeedEvent;
import org.apache.flink.api.connector.source.Source;

import java.time.Duration;
import java.util.List;

/**
 * A live feed for a fixed time: one run of the live source, cancelled when the time is up. Every symbol it
 * streams is one series of the recording {@value #LABEL}. The profiles' jobs run side by side, each with its own
 * connection, so they see the same trades (give or take the moment each subscribed).
 */
public final class LiveInput implements ValidationInput {
    public static final String LABEL = "live";

    private final Source<FeedEvent, ?, ?> source;
    private final String feed;
    private final Duration duration;

    /**
     * @param feed what the source streams, in words (its URL and symbols)
     */
    public LiveInput(Source<FeedEvent, ?, ?> source, String feed, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a live validation needs a positive duration: " + duration);
        }
        this.source = source;
        this.feed = feed;
        this.duration = duration;
    }

    @Override
    public List<Run> runs() {
        return List.of(new Run(LABEL, source, symbol -> new SeriesId(LABEL, symbol), duration));
    }

    @Override
    public long expectedTrades() {
        return 0;
    }

    @Override
    public String describe() {
        return "the live feed " + feed + " for " + duration.toSeconds() + " s";
    }

    @Override
    public String pace() {
        return "live";
    }

    @Override
    public boolean livePace() {
        return true;
    }
}
