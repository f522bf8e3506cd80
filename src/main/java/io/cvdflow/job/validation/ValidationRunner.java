package io.cvdflow.job.validation;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.pipeline.CvdPipeline;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs the real job ({@link CvdPipeline}) once per profile and input run, streams its Z records and quality
 * reports back (see {@link CollectedOutputs}) and aggregates them per series into a {@link ValidationReport}.
 *
 * <p>Checkpointing stays on at the configured interval, in at-least-once mode: an exactly-once collect sink
 * would hold every result back until the next checkpoint. A run with a time limit (live input) is cancelled when
 * the limit is reached; what it produced until then is the result.
 */
public final class ValidationRunner {
    private final Function<String, CvdConfig> configs;
    private final Configuration flinkOverrides;
    private final int minSamples;

    /**
     * @param configs the configuration to run each profile with (the profile active for every symbol)
     * @param flinkOverrides Flink settings on top of the job's (the Web UI's port, say)
     * @param minSamples Z values a series needs to be judged alone
     */
    public ValidationRunner(Function<String, CvdConfig> configs, Configuration flinkOverrides, int minSamples) {
        this.configs = configs;
        this.flinkOverrides = flinkOverrides;
        this.minSamples = minSamples;
    }

    public ValidationReport run(List<String> profiles, ValidationInput input, ProgressMeter progress) throws Exception {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        List<ValidationInput.Run> runs = input.runs();
        progress.total(input.expectedTrades() * profiles.size());
        long[] records = {0};
        List<ProfileValidation> results = new ArrayList<>();
        int parallelism = 1;
        int windowMinSamples = 0;
        for (String profile : profiles) {
            CvdConfig config = configs.apply(profile);
            parallelism = config.job().parallelism();
            windowMinSamples = config.quality().windowMinSamples();
            Map<SeriesId, SeriesStatistics> series = new TreeMap<>();
            for (ValidationInput.Run run : runs) {
                runJob(profile, config, run, series, progress, records);
            }
            results.add(new ProfileValidation(profile, config.parameters(profile, null),
                    SuccessCriteria.forParameters(config.parameters(profile, null), input.livePace(), minSamples),
                    new ArrayList<>(series.values())));
        }
        progress.finish(records[0]);
        return new ValidationReport(input.describe(), input.pace(), parallelism, started,
                Duration.ofNanos(System.nanoTime() - startNanos), records[0], windowMinSamples, results);
    }

    private void runJob(String profile, CvdConfig config, ValidationInput.Run run, Map<SeriesId, SeriesStatistics> series,
            ProgressMeter progress, long[] records) throws Exception {
        Configuration conf = CvdPipeline.flinkConfiguration(config);
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
        conf.addAll(flinkOverrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(config.job().parallelism());
        CollectedOutputs outputs = new CollectedOutputs();
        CvdPipeline.build(env, config, run.source(), run.name(), null, outputs);
        long deadline = run.limit() == null ? Long.MAX_VALUE : System.nanoTime() + run.limit().toNanos();
        try (CloseableIterator<ValidationEvent> events = outputs.collect()) {
            JobClient job = env.executeAsync("cvd validate, profile " + profile + ", " + run.name());
            while (System.nanoTime() < deadline && events.hasNext()) {
                ValidationEvent e = events.next();
                if (e.z != null) {
                    statistics(series, run.seriesOf().apply(e.z.symbol)).add(e.z);
                    progress.update(++records[0]);
                } else {
                    statistics(series, run.seriesOf().apply(e.window.symbol)).add(e.window);
                }
            }
            if (run.limit() == null) {
                job.getJobExecutionResult().get();
            }
        }
    }

    private static SeriesStatistics statistics(Map<SeriesId, SeriesStatistics> series, SeriesId id) {
        return series.computeIfAbsent(id, SeriesStatistics::new);
    }
}
