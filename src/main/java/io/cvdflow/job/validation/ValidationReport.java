package io.cvdflow.job.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A finished validation: how it ran and each profile's results.
 *
 * @param input what was read, in words (see {@link ValidationInput#describe()})
 * @param pace how the input was paced, in words
 * @param parallelism the job's parallelism
 * @param started wall clock at the start
 * @param elapsed wall time of all runs
 * @param zRecords Z records the job produced, over all profiles
 * @param windowMinSamples samples a quality window needs to be judged (the job's {@code quality.window-min-samples})
 * @param profiles the profiles in the order asked for
 */
public record ValidationReport(
        String input,
        String pace,
        int parallelism,
        Instant started,
        Duration elapsed,
        long zRecords,
        int windowMinSamples,
        List<ProfileValidation> profiles) {

    /** Z records per second of wall time. */
    public double recordsPerSecond() {
        return elapsed.isZero() ? Double.NaN : zRecords / (elapsed.toNanos() / 1e9);
    }

    /** Whether every profile passes on every series. */
    public boolean allPass() {
        return profiles.stream().allMatch(ProfileValidation::allPass);
    }
}
