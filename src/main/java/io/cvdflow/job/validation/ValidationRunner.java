package io.cvdflow.job.validation;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Runs the real job ({@link CvdPipeline}) for each input run with every profile side by side (one job per
 * profile, all running at once, so that a live run gives each profile the same trades), streams the jobs' Z
 * records and quality reports back (see {@link CollectedOutputs}) and aggregates them per series into a
 * {@link ValidationReport}.
 *
 * <p>Checkpointing stays on at the configured interval, in at-least-once mode: an exactly-once collect sink
 * would hold every result back until the next checkpoint. A run with a time limit (live input) is cancelled when
 * the limit is reached; what it produced until then is the result.
 */
public final class ValidationRunner {
    /** Name of the file of one profile's Z records in the records directory. */
    public static String recordsFile(String profile) {
        return profile + ".z.jsonl";
    }

    private final Function<String, CvdConfig> configs;
    private final Configuration flinkOverrides;
    private final int minSamples;
    private final Path recordsDir;

    /**
     * @param configs the configuration to run each profile with (the profile active for every symbol)
     * @param flinkOverrides Flink settings on top of the job's (the Web UI's port, say)
     * @param minSamples Z values a series needs to be judged by its tail ratios
     * @param recordsDir where to write every profile's Z records as JSON lines ({@link #recordsFile}), or null
     */
    public ValidationRunner(Function<String, CvdConfig> configs, Configuration flinkOverrides, int minSamples,
            Path recordsDir) {
        this.configs = configs;
        this.flinkOverrides = flinkOverrides;
        this.minSamples = minSamples;
        this.recordsDir = recordsDir;
    }

    public ValidationReport run(List<String> profiles, ValidationInput input, ProgressMeter progress) throws Exception {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Map<String, CvdConfig> config = new LinkedHashMap<>();
        Map<String, Map<SeriesId, SeriesStatistics>> series = new LinkedHashMap<>();
        Map<String, BufferedWriter> records = new LinkedHashMap<>();
        for (String profile : profiles) {
            config.put(profile, configs.apply(profile));
            series.put(profile, new TreeMap<>());
        }
        progress.total(input.expectedTrades() * profiles.size());
        AtomicLong zRecords = new AtomicLong();
        try {
            if (recordsDir != null) {
                Files.createDirectories(recordsDir);
                for (String profile : profiles) {
                    records.put(profile, Files.newBufferedWriter(recordsDir.resolve(recordsFile(profile))));
                }
            }
            for (ValidationInput.Run run : input.runs()) {
                List<ProfileJob> jobs = new ArrayList<>();
                for (String profile : profiles) {
                    jobs.add(new ProfileJob(profile, config.get(profile), run, series.get(profile), records.get(profile), zRecords));
                }
                runSideBySide(jobs, run.limit(), progress, zRecords);
            }
        } finally {
            for (BufferedWriter w : records.values()) {
                w.close();
            }
        }
        progress.finish(zRecords.get());
        List<ProfileValidation> results = new ArrayList<>();
        for (String profile : profiles) {
            CvdConfig c = config.get(profile);
            results.add(new ProfileValidation(profile, c.parameters(profile, null),
                    SuccessCriteria.forParameters(c.parameters(profile, null), input.livePace(), minSamples),
                    new ArrayList<>(series.get(profile).values())));
        }
        CvdConfig first = config.get(profiles.get(0));
        return new ValidationReport(input.describe(), input.pace(), first.job().parallelism(), started,
                Duration.ofNanos(System.nanoTime() - startNanos), zRecords.get(), first.quality().windowMinSamples(),
                results);
    }

    /** Starts every profile's job, drains them on their own threads, and shows progress until all have ended. */
    private void runSideBySide(List<ProfileJob> jobs, Duration limit, ProgressMeter progress, AtomicLong zRecords)
            throws Exception {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        List<Thread> drains = new ArrayList<>();
        try {
            for (ProfileJob job : jobs) {
                job.start();
                Thread t = new Thread(job::drain, "validate " + job.profile);
                t.setDaemon(true);
                t.start();
                drains.add(t);
            }
            for (Thread t : drains) {
                while (t.isAlive()) {
                    if (System.nanoTime() >= deadline) {
                        jobs.forEach(ProfileJob::stop);
                    }
                    progress.update(zRecords.get());
                    t.join(200);
                }
            }
        } finally {
            jobs.forEach(ProfileJob::stop);
        }
        jobs.forEach(ProfileJob::finish);
    }

    /** One profile's job of one run: built, started, drained into its series' statistics. */
    private final class ProfileJob {
        final String profile;
        final CvdConfig config;
        final ValidationInput.Run run;
        final Map<SeriesId, SeriesStatistics> series;
        final BufferedWriter records;
        final AtomicLong zRecords;
        CloseableIterator<ValidationEvent> events;
        JobClient client;
        volatile boolean stopped;
        volatile Throwable failure;

        ProfileJob(String profile, CvdConfig config, ValidationInput.Run run, Map<SeriesId, SeriesStatistics> series,
                BufferedWriter records, AtomicLong zRecords) {
            this.profile = profile;
            this.config = config;
            this.run = run;
            this.series = series;
            this.records = records;
            this.zRecords = zRecords;
        }

        void start() throws Exception {
            Configuration conf = CvdPipeline.flinkConfiguration(config);
            conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
            conf.addAll(flinkOverrides);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(config.job().parallelism());
            CollectedOutputs outputs = new CollectedOutputs();
            CvdPipeline.build(env, config, run.source(), run.name(), null, outputs);
            events = outputs.collect();
            client = env.executeAsync("cvd validate, profile " + profile + ", " + run.name());
        }

        void drain() {
            try {
                while (events.hasNext()) {
                    ValidationEvent e = events.next();
                    if (e.z != null) {
                        statistics(e.z.symbol).add(e.z);
                        write(e.z);
                        zRecords.incrementAndGet();
                    } else {
                        statistics(e.window.symbol).add(e.window);
                    }
                }
                if (run.limit() == null) {
                    client.getJobExecutionResult().get();
                }
            } catch (Throwable e) {
                if (!stopped) {
                    failure = e;
                }
            }
        }

        private SeriesStatistics statistics(String symbol) {
            return series.computeIfAbsent(run.seriesOf().apply(symbol), SeriesStatistics::new);
        }

        private void write(ZRecord z) {
            if (records != null) {
                try {
                    records.write(JsonLines.toJson(z));
                    records.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write Z records of profile " + profile, e);
                }
            }
        }

        /** Ends the job (cancelling it if it still runs) and the result stream. */
        void stop() {
            if (!stopped && events != null) {
                stopped = true;
                try {
                    events.close();
                } catch (Exception e) {
                    // closing cancels the job; a job that has already ended has nothing left to cancel
                }
            }
        }

        /** Surfaces a failure of the job or of reading its results. */
        void finish() {
            if (failure != null) {
                throw new IllegalStateException("validation job of profile " + profile + " failed", failure);
            }
        }
    }
}
