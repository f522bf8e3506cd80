package io.cvdflow.job.kafka;

import io.cvdflow.job.config.ConfigException;

import java.util.Collection;
import java.util.List;

/**
 * The Kafka a job run uses: the cluster named by {@code kafka.bootstrap-servers}, or else an in-process broker
 * started here and stopped on {@link #close()}. Opening also ensures the topics ({@link KafkaTopics#ensure}).
 */
public final class KafkaConnection implements AutoCloseable {
    private static final String TEST_KIT = "org.apache.kafka.common.test.KafkaClusterTestKit";

    private final KafkaSettings settings;
    private final EmbeddedKafkaBroker broker;
    private final List<KafkaTopics.TopicCheck> topics;

    private KafkaConnection(KafkaSettings settings, EmbeddedKafkaBroker broker, List<KafkaTopics.TopicCheck> topics) {
        this.settings = settings;
        this.broker = broker;
        this.topics = topics;
    }

    /**
     * Connects, starting the in-process broker when no bootstrap servers are configured, and ensures
     * {@code topics} (usually {@link KafkaTopic#JOB_TOPICS}, plus {@link KafkaTopic#TRADES} when reading trades
     * from Kafka).
     *
     * @throws ConfigException when no bootstrap servers are configured and the in-process broker is not on the
     *     classpath (a cluster's job jar leaves it out), or when the topics cannot be set up
     */
    public static KafkaConnection open(KafkaSettings settings, Collection<KafkaTopic> topics) throws Exception {
        if (settings.bootstrapServers().isPresent()) {
            return new KafkaConnection(settings, null, KafkaTopics.ensure(settings, topics));
        }
        if (!embeddedBrokerAvailable()) {
            throw new ConfigException("kafka.bootstrap-servers is not set, and the in-process broker is not on this"
                    + " classpath (it is part of the embedded runner, not of the cluster job jar): name your"
                    + " brokers with --set kafka.bootstrap-servers=HOST:PORT");
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings.embeddedPort());
        try {
            KafkaSettings resolved = settings.withBootstrapServers(broker.bootstrapServers());
            return new KafkaConnection(resolved, broker, KafkaTopics.ensure(resolved, topics));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The settings with the bootstrap servers in use: give these to {@link KafkaOutputs} and {@link KafkaInputs}. */
    public KafkaSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers().orElseThrow();
    }

    /** True when this process runs the broker. */
    public boolean embedded() {
        return broker != null;
    }

    /** The topics as found or created at open. */
    public List<KafkaTopics.TopicCheck> topics() {
        return topics;
    }

    /** Stops the in-process broker, if any, which removes its data. */
    @Override
    public void close() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static boolean embeddedBrokerAvailable() {
        try {
            Class.forName(TEST_KIT, false, KafkaConnection.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
