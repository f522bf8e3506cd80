package io.cvdflow.job.kafka;

import io.cvdflow.job.config.ConfigException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the job's missing topics at start, with the configured partitions, retention and replication factor.
 *
 * <p>An existing topic is left exactly as it is, even when its partition count differs from the configured one:
 * records are keyed by symbol, so any count keeps each symbol's records in order, whereas adding partitions
 * would move symbols to other partitions under their consumers. The difference is reported in the returned
 * {@link TopicCheck}s for the caller to print.
 */
public final class KafkaTopics {
    private static final long TIMEOUT_SECONDS = 60;

    private KafkaTopics() {}

    /** What {@link #ensure} found or did for one topic. */
    public record TopicCheck(KafkaTopic topic, String name, boolean created, int partitions, int configuredPartitions) {
        public boolean partitionsDiffer() {
            return partitions != configuredPartitions;
        }

        /** One line for the start-up banner. */
        public String describe() {
            return name + ": " + (created ? "created with " + partitions + " partitions"
                    : "exists with " + partitions + " partitions"
                            + (partitionsDiffer() ? " (configured: " + configuredPartitions + "; left as it is)" : ""));
        }
    }

    /**
     * Creates those of {@code topics} that do not exist (unless {@code kafka.create-topics} is false, which
     * refuses a start with a missing topic instead) and describes the others.
     *
     * @throws ConfigException when Kafka cannot be reached, a topic is missing and may not be created, or the
     *     job's principal lacks the rights to describe or create one
     */
    public static List<TopicCheck> ensure(KafkaSettings settings, Collection<KafkaTopic> topics) {
        Map<String, KafkaTopic> byName = new LinkedHashMap<>();
        for (KafkaTopic t : topics) {
            byName.put(settings.topicName(t), t);
        }
        String servers = settings.bootstrapServers().orElse("(none)");
        try (Admin admin = Admin.create(settings.adminProperties())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Map.Entry<String, KafkaTopic> e : byName.entrySet()) {
                if (!existing.contains(e.getKey())) {
                    missing.add(newTopic(settings, e.getValue()));
                }
            }
            if (!missing.isEmpty() && !settings.createTopics()) {
                throw new ConfigException("Kafka at " + servers + " has no topic " + names(missing)
                        + " and kafka.create-topics is false: create " + (missing.size() == 1 ? "it" : "them")
                        + " (README, \"Kafka\"), or let the job create them");
            }
            Set<String> created = new HashSet<>();
            for (Map.Entry<String, KafkaFuture<Void>> r
                    : admin.createTopics(missing).values().entrySet()) {
                try {
                    r.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(r.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, byName.keySet());
            List<TopicCheck> checks = new ArrayList<>();
            for (Map.Entry<String, KafkaTopic> e : byName.entrySet()) {
                checks.add(new TopicCheck(e.getValue(), e.getKey(), created.contains(e.getKey()),
                        described.get(e.getKey()).partitions().size(), settings.topic(e.getValue()).partitions()));
            }
            return checks;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthorizationException) {
                throw new ConfigException("Kafka at " + servers + " refused the job's topic set-up (" + cause.getMessage()
                        + "): grant the job's principal Describe and Create on " + byName.keySet()
                        + ", or create the topics yourself and set kafka.create-topics to false", cause);
            }
            throw new ConfigException("Kafka at " + servers + " could not set up the topics " + byName.keySet() + ": "
                    + cause, cause);
        } catch (TimeoutException e) {
            throw new ConfigException("kafka.bootstrap-servers = " + servers + ": no answer from Kafka within "
                    + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up the Kafka topics", e);
        }
    }

    /** Describes the topics, waiting for the broker to learn of those just created. */
    private static Map<String, TopicDescription> describe(Admin admin, Set<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static NewTopic newTopic(KafkaSettings settings, KafkaTopic topic) {
        KafkaSettings.TopicSettings t = settings.topic(topic);
        return new NewTopic(t.name(), Optional.of(t.partitions()), settings.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(t.retentionMs()),
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
    }

    private static List<String> names(List<NewTopic> topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.name()));
        return names;
    }
}
