package io.cvdflow.job.kafka;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.CvdConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {
    private static KafkaSettings load(String yaml, String... overrides) {
        return CvdConfigLoader.fromYaml(yaml, "test", List.of(overrides)).kafka();
    }

    private static void refused(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void defaultsStartAnInProcessBrokerWithTheDocumentedTopics() {
        KafkaSettings k = load("{}");
        assertThat(k.bootstrapServers()).isEmpty();
        assertThat(k.embeddedPort()).isZero();
        assertThat(k.replicationFactor()).isEmpty();
        assertThat(k.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(k.transactionalIdPrefix()).isEqualTo("cvd");
        assertThat(k.groupId()).isEqualTo("cvd-job");
        assertThat(k.createTopics()).isTrue();
        assertThat(k.client()).isEmpty();
        for (KafkaTopic t : KafkaTopic.values()) {
            assertThat(k.topic(t).name()).isEqualTo(t.defaultName()).startsWith("cvd.");
            assertThat(k.topic(t).partitions()).isEqualTo(t.defaultPartitions());
            assertThat(k.topic(t).retentionMs()).isEqualTo(t.defaultRetention().toMillis());
        }
        assertThat(k.topic(KafkaTopic.Z).partitions()).isEqualTo(6);
        assertThat(k.topic(KafkaTopic.CONTROL).partitions()).isEqualTo(1);
        assertThat(k.topic(KafkaTopic.SIGNALS).partitions()).isLessThan(k.topic(KafkaTopic.Z).partitions());
        assertThat(k.topicName(KafkaTopic.DEADLETTER)).isEqualTo("cvd.deadletter");
    }

    @Test
    void theShippedConfigurationSpellsOutTheDefaults() {
        KafkaSettings shipped = CvdConfigLoader.load(Path.of("config", "system.yaml"), List.of()).kafka();
        KafkaSettings defaults = load("{}");
        assertThat(shipped.bootstrapServers()).isEmpty();
        assertThat(shipped.toString()).isEqualTo(defaults.toString());
        assertThat(shipped.replicationFactor()).isEqualTo(defaults.replicationFactor());
        assertThat(shipped.transactionTimeout()).isEqualTo(defaults.transactionTimeout());
        assertThat(shipped.transactionalIdPrefix()).isEqualTo(defaults.transactionalIdPrefix());
        assertThat(shipped.groupId()).isEqualTo(defaults.groupId());
        assertThat(shipped.embeddedPort()).isEqualTo(defaults.embeddedPort());
        assertThat(shipped.createTopics()).isEqualTo(defaults.createTopics());
    }

    @Test
    void readsEveryKeyNestedOrDotted() {
        KafkaSettings k = load("""
                kafka:
                  bootstrap-servers: " broker-1:9092 , 10.0.0.7:9093,[::1]:9094"
                  replication-factor: 3
                  transaction-timeout: 5m
                  transactional-id-prefix: cvd-prod
                  group-id: cvd-prod
                  create-topics: false
                  topics:
                    z: {name: prod.cvd.z, partitions: 12, retention: 2d}
                    control: {retention: unlimited}
                  client:
                    security.protocol: SASL_SSL
                    sasl:
                      mechanism: SCRAM-SHA-512
                    ssl.truststore.location: /etc/kafka/truststore.jks
                    linger.ms: 20
                """);
        assertThat(k.bootstrapServers()).contains("broker-1:9092,10.0.0.7:9093,[::1]:9094");
        assertThat(k.replicationFactor()).contains((short) 3);
        assertThat(k.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(k.transactionalIdPrefix()).isEqualTo("cvd-prod");
        assertThat(k.groupId()).isEqualTo("cvd-prod");
        assertThat(k.createTopics()).isFalse();
        assertThat(k.topic(KafkaTopic.Z).name()).isEqualTo("prod.cvd.z");
        assertThat(k.topic(KafkaTopic.Z).partitions()).isEqualTo(12);
        assertThat(k.topic(KafkaTopic.Z).retentionMs()).isEqualTo(Duration.ofDays(2).toMillis());
        assertThat(k.topic(KafkaTopic.CONTROL).retentionMs()).isEqualTo(-1);
        assertThat(k.topic(KafkaTopic.CONTROL).name()).isEqualTo("cvd.control");
        assertThat(k.client()).containsOnlyKeys(
                "security.protocol", "sasl.mechanism", "ssl.truststore.location", "linger.ms");
    }

    @Test
    void clientPropertiesPassThroughToTheClientsThatKnowThem() {
        KafkaSettings k = load("kafka: {bootstrap-servers: 'b:9092', client: {security.protocol: SSL, linger.ms: 20,"
                + " max.poll.records: 100}}");
        Properties producer = k.producerProperties();
        assertThat(producer).containsEntry("bootstrap.servers", "b:9092").containsEntry("security.protocol", "SSL")
                .containsEntry("linger.ms", "20").containsEntry("transaction.timeout.ms", "900000")
                .doesNotContainKey("max.poll.records");
        Properties consumer = k.consumerProperties();
        assertThat(consumer).containsEntry("security.protocol", "SSL").containsEntry("max.poll.records", "100")
                .containsEntry("isolation.level", "read_committed").doesNotContainKey("linger.ms");
        assertThat(k.adminProperties()).containsEntry("security.protocol", "SSL")
                .doesNotContainKeys("linger.ms", "max.poll.records");
    }

    @Test
    void commandLineOverridesReachNestedKeys() {
        KafkaSettings k = load("{}", "kafka.bootstrap-servers=kafka:9092", "kafka.client.sasl.jaas.config="
                + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cvd\" password=\"s3cret\";",
                "kafka.topics.signals.partitions=2");
        assertThat(k.bootstrapServers()).contains("kafka:9092");
        assertThat(k.client().get("sasl.jaas.config")).endsWith("password=\"s3cret\";");
        assertThat(k.topic(KafkaTopic.SIGNALS).partitions()).isEqualTo(2);
        assertThat(k.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
    }

    @Test
    void withBootstrapServersKeepsEverythingElse() {
        KafkaSettings k = load("kafka: {topics: {z: {partitions: 2}}}").withBootstrapServers("127.0.0.1:41234");
        assertThat(k.bootstrapServers()).contains("127.0.0.1:41234");
        assertThat(k.topic(KafkaTopic.Z).partitions()).isEqualTo(2);
        assertThatThrownBy(() -> k.withBootstrapServers("localhost")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'localhost' is not host:port");
    }

    @Test
    void refusesBadValuesNamingKeyValueAndBound() {
        refused("kafka: {bootstrap: x:1}",
                "kafka.bootstrap is not a known key: allowed here are [bootstrap-servers, client, create-topics,"
                        + " embedded-port, group-id, replication-factor, topics, transaction-timeout,"
                        + " transactional-id-prefix]");
        refused("kafka: {bootstrap-servers: 'a:9092,b'}",
                "kafka.bootstrap-servers = 'a:9092,b': 'b' is not host:port (write e.g. broker-1:9092,broker-2:9092)");
        refused("kafka: {bootstrap-servers: 'a:70000'}",
                "kafka.bootstrap-servers = 'a:70000': port 70000 is out of bounds: must be in [1, 65535]");
        refused("kafka: {embedded-port: -1}", "kafka.embedded-port = -1 is out of bounds: must be in [0, 65535]");
        refused("kafka: {replication-factor: 0}", "kafka.replication-factor = 0 is out of bounds: must be in [1, 32767]");
        refused("kafka: {replication-factor: two}", "kafka.replication-factor = 'two' is not an integer");
        refused("kafka: {create-topics: maybe}", "kafka.create-topics = 'maybe' is not true or false");
        refused("kafka: {group-id: 'cvd job'}",
                "kafka.group-id = 'cvd job' is not an ID: use letters, digits, '.', '_' and '-' (at most 100)");
        refused("kafka: {topics: {z: {partitions: 0}}}", "kafka.topics.z.partitions = 0 is out of bounds: must be in [1, 1000]");
        refused("kafka: {topics: {zz: {partitions: 2}}}",
                "kafka.topics.zz is not a topic: known are [control, deadletter, quality, signals, trades, z]");
        refused("kafka: {topics: {z: {replicas: 2}}}",
                "kafka.topics.z.replicas is not a known key: allowed here are [name, partitions, retention]");
        refused("kafka: {topics: {z: cvd-z}}", "kafka.topics.z must be a mapping of [name, partitions, retention]");
        refused("kafka: {topics: {z: {name: 'cvd z'}}}",
                "kafka.topics.z.name = 'cvd z' is not a Kafka topic name: use letters, digits, '.', '_' and '-' (at most 249)");
        refused("kafka: {topics: {signals: {name: cvd.z}}}",
                "kafka.topics.signals.name = 'cvd.z' is already the name of kafka.topics.z: every topic needs its own");
        refused("kafka: {topics: {z: {retention: 30s}}}",
                "kafka.topics.z.retention = 30s is out of bounds: must be at least 1m, or unlimited");
        refused("kafka: {topics: {z: {retention: forever}}}",
                "kafka.topics.z.retention = 'forever' is not a duration: write e.g. 500ms, 10s, 2m, 1h");
        refused("kafka: {transaction-timeout: 2d}", "kafka.transaction-timeout = 2d is out of bounds: must be in [1s, 1d]");
        refused("{job: {checkpoint-interval: 2m}, kafka: {transaction-timeout: 1m}}",
                "kafka.transaction-timeout = 1m is out of bounds: must exceed job.checkpoint-interval = 2m, since a"
                        + " transaction stays open from one checkpoint to the next");
        refused("kafka: {bootstrap-servers: [a, b]}", "kafka.bootstrap-servers must be a single value");
        refused("kafka: {bootstrap-servers: ''}", "kafka.bootstrap-servers must not be empty");
    }

    @Test
    void refusesClientPropertiesTheJobSetsOrKafkaDoesNotKnow() {
        refused("kafka: {client: {group.id: x}}", "kafka.client.group.id is set by the job: set kafka.group-id");
        refused("kafka: {client: {bootstrap.servers: 'a:1'}}",
                "kafka.client.bootstrap.servers is set by the job: set kafka.bootstrap-servers");
        refused("kafka: {client: {isolation.level: read_uncommitted}}",
                "kafka.client.isolation.level is set by the job: the sources read committed records only");
        refused("kafka: {client: {enable.idempotence: false}}",
                "kafka.client.enable.idempotence is set by the job: the exactly-once sinks are idempotent and transactional");
        refused("kafka: {client: {transaction.timeout.ms: 1000}}",
                "kafka.client.transaction.timeout.ms is set by the job: set kafka.transaction-timeout");
        refused("kafka: {client: {sasl.jass.config: x}}",
                "kafka.client.sasl.jass.config is not a Kafka 4.2.0 producer, consumer or admin client property");
        refused("kafka: {client: x}", "kafka.client must be a mapping of Kafka client properties");
    }
}
