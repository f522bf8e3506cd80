package io.cvdflow.job.cli;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.validation.HtmlReport;
import io.cvdflow.job.validation.LiveInput;
import io.cvdflow.job.validation.MarkdownReport;
import io.cvdflow.job.validation.ProgressMeter;
import io.cvdflow.job.validation.RecordedInput;
import io.cvdflow.job.validation.RecordingPlan;
import io.cvdflow.job.validation.SuccessCriteria;
import io.cvdflow.job.validation.ValidationInput;
import io.cvdflow.job.validation.ValidationReport;
import io.cvdflow.job.validation.ValidationRunner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "The seed's multi-symbol validation: run the job on recorded trades (or the live feed for a "
                + "while) with several profiles side by side, judge P(|Z|>2), P(|Z|>3) and latency P99 per symbol and "
                + "recording against the success criteria, and write a Markdown and a self-contained HTML report "
                + "with plots.")
public class ValidateCommand implements Callable<Integer> {
    static final String MARKDOWN = "report.md";
    static final String HTML = "report.html";

    @Mixin
    ConfigArguments configArguments;

    @ArgGroup(exclusive = true, multiplicity = "1")
    InputChoice input;

    /** Recorded files, or the live feed for a while. */
    static final class InputChoice {
        @Option(names = "--input", split = ",", paramLabel = "PATH", description = "recorded files or directories")
        List<Path> paths;

        @Option(names = "--live-seconds", paramLabel = "N",
                description = "validate the live feed (--binance.ws-url, --symbols) for N seconds instead")
        Integer liveSeconds;
    }

    @Mixin
    BinanceArguments binance;

    @Option(names = "--profiles", split = ",", paramLabel = "NAME",
            description = "profiles to validate side by side (default: --profile, else the configuration's active one)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--recordings", paramLabel = "per-file|joined", defaultValue = "per-file",
            converter = GroupingConverter.class,
            description = "per-file: each file is a recording of its own (a symbol in two files is two series); "
                    + "joined: a symbol's files continue one another, as in ./cvd replay (default: ${DEFAULT-VALUE})")
    RecordingPlan.Grouping grouping;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "0",
            description = "recordings: 0 = as fast as possible (latency is then not judged), else the recorded pace "
                    + "times X")
    double speed;

    @Option(names = "--min-samples", paramLabel = "N", defaultValue = "" + SuccessCriteria.DEFAULT_MIN_SAMPLES,
            description = "Z values a series needs to be judged by its tail ratios; a thinner series is judged "
                    + "by the exact binomial test of its exceedance counts (default: ${DEFAULT-VALUE})")
    int minSamples;

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "cvd-out/validation",
            description = "where " + MARKDOWN + " and " + HTML + " go (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--records", paramLabel = "DIR",
            description = "also write every Z record the job produced, per profile, as JSON lines into DIR")
    Path records;

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "0",
            description = "port of the embedded Flink Web UI (default: any free port)")
    int restPort;

    @Override
    public Integer call() throws Exception {
        CvdConfig base = configArguments.resolve();
        List<String> names = profiles.isEmpty() ? List.of(base.activeProfile()) : profiles;
        for (String name : names) {
            if (!base.hasProfile(name)) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "--profiles: no profile '" + name + "'; known are " + base.profileNames());
            }
        }
        ValidationInput source;
        if (input.liveSeconds != null) {
            String feed = binance.wsUrl + " (" + (binance.symbols.isEmpty() ? "every TRADING USDT perpetual"
                    : String.join(", ", binance.symbols)) + ")";
            source = new LiveInput(binance.source(), feed, Duration.ofSeconds(input.liveSeconds));
        } else {
            System.err.println("cvd validate: reading " + input.paths + " ...");
            source = new RecordedInput(input.paths, new LinkedHashSet<>(binance.symbols), grouping, speed);
        }
        System.err.println("cvd validate: " + source.describe() + "; profiles " + names);

        Configuration flink = new Configuration();
        flink.set(RestOptions.PORT, restPort);
        ValidationRunner runner = new ValidationRunner(profile -> configArguments.resolve(everySymbolOn(base, profile)),
                flink, minSamples, records);
        ValidationReport report = runner.run(names, source, ProgressMeter.onStandardError("Z records", 0));

        Files.createDirectories(output);
        String markdown = MarkdownReport.render(report, HTML);
        Files.writeString(output.resolve(MARKDOWN), markdown);
        Files.writeString(output.resolve(HTML), HtmlReport.render(report));
        System.out.println(markdown);
        System.out.println("Reports: " + output.resolve(MARKDOWN).toAbsolutePath() + " and "
                + output.resolve(HTML).toAbsolutePath());
        System.out.println(report.allPass() ? "Every profile passes on every series."
                : "Passing on every series: " + report.profiles().stream().filter(p -> p.allPass())
                        .map(p -> p.profile()).toList() + " of " + names + ".");
        return 0;
    }

    /** Overrides that run {@code profile} for every symbol, including symbols the configuration starts on another. */
    static List<String> everySymbolOn(CvdConfig base, String profile) {
        List<String> o = new ArrayList<>();
        o.add("estimator.active-profile=" + profile);
        for (Map.Entry<String, CvdConfig.SymbolSettings> e : base.symbols().entrySet()) {
            if (e.getValue().profile() != null) {
                o.add("estimator.symbols." + e.getKey() + ".profile=" + profile);
            }
        }
        return o;
    }

    /** Reads {@code per-file} and {@code joined}. */
    static final class GroupingConverter implements picocli.CommandLine.ITypeConverter<RecordingPlan.Grouping> {
        @Override
        public RecordingPlan.Grouping convert(String value) {
            return RecordingPlan.Grouping.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
