package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.quality.QualityReport;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replay throughput of the whole job on the embedded cluster, checkpointing on, outputs discarded: the recordings
 * in {@code ../shared/data} replayed {@code repeat} times (IDs and times shifted per pass, so every symbol's
 * sequence stays continuous: derived data, said so in the output), once up to the Z records only and once with
 * the quality windows and the rollback flow, in one run. Prints trades/s for both and their ratio.
 *
 * <p>{@code ./cvd bench replay [repeat] [parallelism]}
 */
public final class ReplayThroughputBenchmark {
    private ReplayThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repeat = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        CvdConfig config = CvdConfigLoader.fromYaml("job: {checkpoint-interval: 10s}", "benchmark", List.of());
        long trades = 0;
        for (java.nio.file.Path file : SharedData.all()) {
            trades += io.cvdflow.connector.binance.parse.RecordedFileReader.readTrades(file).size();
        }
        trades *= repeat;
        System.out.printf("replaying ../shared/data %d times (derived: IDs and times shifted per pass), %,d trades, "
                + "parallelism %d, checkpoints every 10 s%n", repeat, trades, parallelism);
        run(config, repeat, parallelism, false); // warm-up of the JVM, not measured
        double zOnly = trades / seconds(run(config, repeat, parallelism, false));
        double full = trades / seconds(run(config, repeat, parallelism, true));
        System.out.printf("up to the Z records:                    %,12.0f trades/s%n", zOnly);
        System.out.printf("with quality windows and rollback flow: %,12.0f trades/s%n", full);
        System.out.printf("quality windows cost %.1f %% of the throughput (target: under 20 %%)%n", 100 * (1 - full / zOnly));
        System.out.printf("peak heap in use: %,d MB%n", peakHeapMb());
    }

    private static JobExecutionResult run(CvdConfig config, int repeat, int parallelism, boolean withQuality)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(parallelism);
        RecordedTradeSource source = RecordedTradeSource.builder().paths(SharedData.dir()).repeat(repeat).build();
        if (withQuality) {
            CvdPipeline.build(env, config, source, "recorded trades", null, new Discarding());
        } else {
            CvdPipeline.zStage(env, config, source, "recorded trades", null).z.sinkTo(new DiscardingSink<>());
        }
        return env.execute(withQuality ? "replay with quality windows" : "replay up to Z");
    }

    private static double seconds(JobExecutionResult result) {
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    static class Discarding implements CvdOutputs {
        @Override
        public void zRecords(DataStream<ZRecord> records) {
            records.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void qualityReports(DataStream<QualityReport> reports) {
            reports.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void signals(DataStream<Signal> signals) {
            signals.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void controlCommands(DataStream<ControlCommand> commands) {
            commands.sinkTo(new DiscardingSink<>());
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            deadLetters.sinkTo(new DiscardingSink<>());
        }
    }
}
