package io.cvdflow.job.cluster;

import io.cvdflow.connector.binance.source.BinanceTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.kafka.KafkaInputs;
import io.cvdflow.job.kafka.KafkaOutputs;
import io.cvdflow.job.kafka.KafkaSettings;
import io.cvdflow.job.pipeline.CvdPipeline;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator uids of the live job ({@code run}, Kafka in and out), pinned against {@code operator-uids.txt}: a
 * savepoint restores only into operators with the same uids, so a changed, added or removed uid fails here before
 * it fails an upgrade. Change the list only together with an upgrade note (state of a dropped uid needs
 * {@code allowNonRestoredState}, a renamed one is lost).
 */
class OperatorUidsTest {
    @Test
    void theLiveJobsOperatorUidsAreThePinnedOnes() throws IOException {
        CvdConfig config = CvdConfigLoader.fromYaml("{}", "test", List.of());
        KafkaSettings kafka = config.kafka().withBootstrapServers("127.0.0.1:9");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CvdPipeline.build(env, config, BinanceTradeSource.builder().setSymbols(List.of("BTCUSDT")).build(),
                "Binance aggTrade trades", KafkaInputs.control(kafka), new KafkaOutputs(kafka));

        Set<String> uids = new TreeSet<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            assertThat(node.getTransformationUID()).as("uid of operator '%s'", node.getOperatorName()).isNotNull();
            uids.add(node.getTransformationUID());
        }
        assertThat(uids).as("operator uids (savepoint compatibility)").isEqualTo(pinned());
    }

    private static Set<String> pinned() throws IOException {
        try (InputStream in = OperatorUidsTest.class.getResourceAsStream("operator-uids.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
