package io.cvdflow.job.kafka;

import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A single-node KRaft broker in this process ({@code KafkaClusterTestKit}), for the embedded default and the
 * tests. Clients reach it on {@code 127.0.0.1} only; internal topics have one replica, and transactions may last
 * up to a day, so exactly-once sinks work as on a cluster. Its data lives in a temporary directory removed on
 * {@link #close()}, or at JVM exit if the broker is still running then.
 *
 * <p>The test kit binds its KRaft controller listener itself, on an ephemeral port of all interfaces; that
 * listener serves the quorum only, not produce or fetch.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String CLIENT_LISTENER = "LOCAL";
    private static final String HOST = "127.0.0.1";

    /** Broker settings for one node with exactly-once producers and read_committed consumers. */
    private static final Map<String, String> BROKER_CONFIG = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "5"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "5"),
            Map.entry("transaction.max.timeout.ms", Long.toString(24L * 3600 * 1000)),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            // topics are created by KafkaTopics with their partitions and retention, never by a first write
            Map.entry("auto.create.topics.enable", "false"));

    private final KafkaClusterTestKit cluster;
    private final Path directory;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster, Path directory, String bootstrapServers) {
        this.cluster = cluster;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::closeQuietly, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats and starts the broker and waits until it serves clients.
     *
     * @param port the client listener's port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedKafkaBroker start(int port) throws Exception {
        Path directory = Files.createTempDirectory("cvd-kafka-");
        KafkaClusterTestKit cluster = null;
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(directory)
                    .build();
            String controller = nodes.controllerListenerName().value();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("listeners", CLIENT_LISTENER + "://" + HOST + ":" + port + ","
                            + controller + "://" + HOST + ":0")
                    .setConfigProp("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT,"
                            + controller + ":PLAINTEXT," + nodes.brokerListenerName().value() + ":PLAINTEXT")
                    .setConfigProp("inter.broker.listener.name", CLIENT_LISTENER)
                    .setConfigProp("controller.listener.names", controller);
            BROKER_CONFIG.forEach(builder::setConfigProp);
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            BrokerServer broker = cluster.brokers().values().iterator().next();
            int bound = broker.boundPort(ListenerName.normalised(CLIENT_LISTENER));
            return new EmbeddedKafkaBroker(cluster, directory, HOST + ":" + bound);
        } catch (Exception | Error e) {
            if (cluster != null) {
                try {
                    cluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            deleteRecursively(directory);
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>} of the client listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The temporary directory of the broker's logs and metadata. */
    public Path dataDirectory() {
        return directory;
    }

    /** Stops the broker and removes its data. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() runs from the hook itself
        }
        try {
            cluster.close();
        } finally {
            deleteRecursively(directory);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("embedded Kafka broker did not stop cleanly: " + e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the embedded broker's data in " + directory, e);
        }
    }
}
