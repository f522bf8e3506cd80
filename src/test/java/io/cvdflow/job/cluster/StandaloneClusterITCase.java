package io.cvdflow.job.cluster;

import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.kafka.CommittedRecords;
import io.cvdflow.job.kafka.EmbeddedKafkaBroker;
import io.cvdflow.job.kafka.KafkaTopic;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded job jar on a real standalone Flink cluster (one JobManager and two TaskManager JVMs, started from
 * Maven artefacts by {@link StandaloneFlinkCluster}), submitted and steered through the REST API. The live source
 * reads the fake exchange, which streams real recordings at their pace; the job writes to a real in-process Kafka
 * broker, read back read_committed. Each scenario has its own topics, transactional IDs and exchange; the
 * cluster, the broker and the uploaded jar are shared.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> SPOT = List.of("BTCUSDT", "ETHUSDT");

    private static EmbeddedKafkaBroker broker;
    private static StandaloneFlinkCluster cluster;
    private static FlinkRest rest;
    private static String jarId;
    private static CvdConfig config;

    @BeforeAll
    static void startClusterAndBroker() throws Exception {
        Path jar = Path.of(StandaloneFlinkCluster.requiredProperty("cvd.job.jar"));
        assertThat(jar).as("the shaded job jar of the package phase").isRegularFile();
        Path work = jar.getParent().resolve("cluster-it")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        broker = EmbeddedKafkaBroker.start(0);
        cluster = StandaloneFlinkCluster.start(work, 2, Map.of());
        rest = cluster.rest();
        jarId = rest.uploadJar(jar);
        config = CvdConfigLoader.load(configFile(), List.of());
    }

    @AfterAll
    static void stopClusterAndBroker() throws Exception {
        try {
            if (cluster != null) {
                List<Long> pids = cluster.livePids();
                cluster.close();
                for (long pid : pids) {
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                            .as("Flink process %d after close", pid).isFalse();
                }
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    @Order(1)
    void theJobJarRunsOnTheClusterAndWritesZRecordsThenCancels() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tapes(Recordings.tapes(Recordings.SPOT_BTCUSDT)).tapes(Recordings.tapes(Recordings.SPOT_ETHUSDT)).start()) {
            exchange.startPacing(Pace.recorded(2));
            String job = rest.run(jarId, runArgs("smoke", SPOT, exchange, 2), 2, null, false);
            await("the job's tasks to run", () -> rest.allRunning(job));
            await("Z records of both symbols on Kafka", () -> zBySymbol("smoke").keySet().containsAll(SPOT));
            rest.cancel(job);
            await("the job to be cancelled", () -> rest.jobState(job).equals("CANCELED"));
            exchange.stopPacing();

            Map<String, List<ZRecord>> written = zBySymbol("smoke");
            for (String symbol : SPOT) {
                List<ZRecord> records = written.get(symbol);
                List<ZRecord> expected = ExchangeReference.zRecords(exchange, symbol, records.get(0).tradeId, "a1",
                        config.parameters("a1", symbol));
                assertThat(records.size()).isLessThanOrEqualTo(expected.size());
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).sameValues(expected.get(i)))
                            .as("%s: written %s, uninterrupted %s", symbol, records.get(i), expected.get(i)).isTrue();
                }
            }
        }
    }

    /** The program arguments of {@code run} for a scenario: its exchange, its topics and transactional IDs. */
    private static List<String> runArgs(String prefix, List<String> symbols, FakeBinanceExchange exchange,
            int parallelism, String... more) {
        List<String> args = new ArrayList<>(List.of("run",
                "--config", configFile().toString(),
                "--symbols", String.join(",", symbols),
                "--binance.ws-url", exchange.marketStreamBaseUri().toString(),
                "--binance.rest-url", exchange.restBaseUri().toString(),
                "--kafka.bootstrap-servers", broker.bootstrapServers(),
                "--parallelism", Integer.toString(parallelism),
                "--set", "kafka.transactional-id-prefix=" + prefix,
                "--set", "kafka.group-id=" + prefix));
        for (KafkaTopic t : KafkaTopic.values()) {
            args.add("--set");
            args.add("kafka.topics." + t.key() + ".name=" + prefix + "." + t.key());
        }
        args.addAll(List.of(more));
        return args;
    }

    /** The scenario's Z records visible to read_committed consumers, per symbol in the order written. */
    private static Map<String, List<ZRecord>> zBySymbol(String prefix) throws Exception {
        Map<String, List<ZRecord>> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r : CommittedRecords.read(broker.bootstrapServers(), prefix + ".z")) {
            ZRecord z = JsonLines.mapper().readValue(r.value(), ZRecord.class);
            out.computeIfAbsent(z.symbol, k -> new ArrayList<>()).add(z);
        }
        return out;
    }

    private static Path configFile() {
        return StandaloneFlinkCluster.projectDir().resolve("config/system.yaml");
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
