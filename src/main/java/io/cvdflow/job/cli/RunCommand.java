package io.cvdflow.job.cli;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.kafka.KafkaConnection;
import io.cvdflow.job.kafka.KafkaInputs;
import io.cvdflow.job.kafka.KafkaOutputs;
import io.cvdflow.job.kafka.KafkaTopic;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the live job: Binance USD-M trades (or any exchange speaking its protocol) through the "
                + "Z operator, quality windows and rollback loop into Kafka (an in-process broker unless "
                + "--kafka.bootstrap-servers names one), until stopped (Ctrl-C).")
public class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigArguments configArguments;

    @Mixin
    BinanceArguments binance;

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "8081",
            description = "port of the embedded Flink Web UI and REST API (default: ${DEFAULT-VALUE})")
    int restPort;

    @Override
    public Integer call() throws Exception {
        CvdConfig config = configArguments.resolve();
        JobBanner.print(config);
        Configuration conf = CvdPipeline.flinkConfiguration(config);
        conf.set(RestOptions.PORT, restPort);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(config.job().parallelism());
        try (KafkaConnection kafka = KafkaConnection.open(config.kafka(), KafkaTopic.JOB_TOPICS)) {
            System.out.println("Kafka: " + (kafka.embedded() ? "in-process broker at " : "") + kafka.bootstrapServers());
            kafka.topics().forEach(t -> System.out.println("  " + t.describe()));
            System.out.println("streaming " + (binance.symbols.isEmpty() ? "all TRADING USDT perpetuals" : binance.symbols)
                    + " from " + binance.wsUrl + "; Flink UI http://localhost:" + restPort);
            CvdPipeline.build(env, config, binance.source(), "Binance " + binance.streamType + " trades",
                    KafkaInputs.control(kafka.settings()), new KafkaOutputs(kafka.settings()));
            env.execute("cvd live " + (binance.symbols.isEmpty() ? "USDT perpetuals" : String.join(",", binance.symbols)));
        }
        return 0;
    }
}
