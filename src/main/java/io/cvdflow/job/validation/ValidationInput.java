package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.FeedEvent;
import org.apache.flink.api.connector.source.Source;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Where a validation's trades come from: {@link RecordedInput} replays files; a live input would be one run of the
 * live source with a time limit. The job runs once per profile and {@link Run}.
 */
public interface ValidationInput {
    /**
     * One job run.
     *
     * @param name shown as the job's name
     * @param seriesOf the series a symbol's records belong to in this run
     * @param limit how long to run before cancelling the job, or null to run until the source ends
     */
    record Run(String name, Source<FeedEvent, ?, ?> source, Function<String, SeriesId> seriesOf, Duration limit) {}

    List<Run> runs();

    /** Trades one profile's runs are expected to produce, for the progress estimate; 0 when unknown. */
    long expectedTrades();

    /** What is read, in words, for the report. */
    String describe();

    /** How the input is paced, in words, for the report. */
    String pace();

    /** Whether trades arrive at a live-like pace, so that latency means what it means live. */
    boolean livePace();
}
