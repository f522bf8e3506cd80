package io.cvdflow.job.kafka;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.CvdConfigLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Topic set-up and the in-process broker, against a real single-node KRaft broker. */
class KafkaTopicsITCase {
    private static EmbeddedKafkaBroker broker;
    private static Path brokerData;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
        brokerData = broker.dataDirectory();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
        assertThat(brokerData).as("the broker's data is removed on close").doesNotExist();
    }

    /** Settings whose topics are named {@code <prefix>.<key>}, pointing at the broker. */
    private static KafkaSettings settings(String prefix, String... overrides) {
        List<String> all = new ArrayList<>();
        for (KafkaTopic t : KafkaTopic.values()) {
            all.add("kafka.topics." + t.key() + ".name=" + prefix + "." + t.key());
        }
        Collections.addAll(all, overrides);
        return CvdConfigLoader.fromYaml("{}", "test", all).kafka().withBootstrapServers(broker.bootstrapServers());
    }

    @Test
    void brokerServesClientsOnLoopbackOnly() throws IOException {
        assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(Files.isDirectory(brokerData)).isTrue();
        int port = Integer.parseInt(broker.bootstrapServers().substring("127.0.0.1:".length()));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isPresent()) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }).as("the client listener on %s:%d", external.get(), port).isInstanceOf(IOException.class);
        }
    }

    @Test
    void createsMissingTopicsWithTheirPartitionsAndRetention() throws Exception {
        KafkaSettings s = settings("create", "kafka.topics.z.partitions=4", "kafka.topics.control.retention=unlimited",
                "kafka.topics.quality.retention=2h");
        List<KafkaTopics.TopicCheck> checks = KafkaTopics.ensure(s, KafkaTopic.JOB_TOPICS);

        assertThat(checks).extracting(KafkaTopics.TopicCheck::name)
                .containsExactly("create.z", "create.quality", "create.signals", "create.control", "create.deadletter");
        assertThat(checks).allMatch(KafkaTopics.TopicCheck::created).noneMatch(KafkaTopics.TopicCheck::partitionsDiffer);
        assertThat(checks.get(0).describe()).isEqualTo("create.z: created with 4 partitions");
        try (Admin admin = Admin.create(s.adminProperties())) {
            assertThat(admin.listTopics().names().get()).doesNotContain("create.trades");
            assertThat(admin.describeTopics(Set.of("create.z")).allTopicNames().get().get("create.z").partitions()).hasSize(4);
            assertThat(topicConfig(admin, "create.z", TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("604800000");
            assertThat(topicConfig(admin, "create.quality", TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("7200000");
            assertThat(topicConfig(admin, "create.control", TopicConfig.RETENTION_MS_CONFIG)).isEqualTo("-1");
            assertThat(topicConfig(admin, "create.signals", TopicConfig.CLEANUP_POLICY_CONFIG)).isEqualTo("delete");
            assertThat(admin.describeTopics(Set.of("create.control")).allTopicNames().get().get("create.control")
                    .partitions()).hasSize(1);
        }

        List<KafkaTopics.TopicCheck> again = KafkaTopics.ensure(s, KafkaTopic.JOB_TOPICS);
        assertThat(again).noneMatch(KafkaTopics.TopicCheck::created);
        assertThat(again.get(0).describe()).isEqualTo("create.z: exists with 4 partitions");
    }

    @Test
    void leavesExistingTopicsAsTheyAreAndReportsDifferentPartitionCounts() throws Exception {
        KafkaSettings s = settings("existing");
        create(s, new NewTopic("existing.z", Optional.of(2), Optional.empty()),
                new NewTopic("existing.trades", Optional.of(9), Optional.empty()));
        List<KafkaTopics.TopicCheck> checks = KafkaTopics.ensure(s, EnumSet.of(KafkaTopic.Z, KafkaTopic.TRADES));

        assertThat(checks.get(0).created()).isFalse();
        assertThat(checks.get(0).partitions()).isEqualTo(2);
        assertThat(checks.get(0).configuredPartitions()).isEqualTo(6);
        assertThat(checks.get(0).describe()).isEqualTo("existing.z: exists with 2 partitions (configured: 6; left as it is)");
        assertThat(checks.get(1).describe()).isEqualTo("existing.trades: exists with 9 partitions (configured: 6; left as it is)");
        try (Admin admin = Admin.create(s.adminProperties())) {
            assertThat(admin.describeTopics(Set.of("existing.z")).allTopicNames().get().get("existing.z").partitions())
                    .as("never repartitioned").hasSize(2);
        }
    }

    @Test
    void refusesToStartWithAMissingTopicWhenCreationIsOff() throws Exception {
        KafkaSettings s = settings("nocreate", "kafka.create-topics=false");
        create(s, new NewTopic("nocreate.z", Optional.of(1), Optional.empty()));
        assertThatThrownBy(() -> KafkaTopics.ensure(s, EnumSet.of(KafkaTopic.Z, KafkaTopic.CONTROL, KafkaTopic.SIGNALS)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka at " + broker.bootstrapServers() + " has no topic [nocreate.signals, nocreate.control]"
                        + " and kafka.create-topics is false: create them (README, \"Kafka\"), or let the job create them");
        try (Admin admin = Admin.create(s.adminProperties())) {
            assertThat(admin.listTopics().names().get()).contains("nocreate.z").doesNotContain("nocreate.control");
        }
    }

    @Test
    void aConfiguredClusterIsUsedAsItIs() throws Exception {
        try (KafkaConnection kafka = KafkaConnection.open(settings("configured"), KafkaTopic.JOB_TOPICS)) {
            assertThat(kafka.embedded()).isFalse();
            assertThat(kafka.bootstrapServers()).isEqualTo(broker.bootstrapServers());
            assertThat(kafka.topics()).hasSize(5).allMatch(KafkaTopics.TopicCheck::created);
        }
        try (Admin admin = Admin.create(settings("configured").adminProperties())) {
            assertThat(admin.listTopics().names().get()).as("the configured broker keeps running")
                    .contains("configured.z");
        }
    }

    @Test
    void withoutBootstrapServersAnInProcessBrokerRunsUntilClose() throws Exception {
        KafkaSettings defaults = CvdConfigLoader.fromYaml("{}", "test", List.of()).kafka();
        int port;
        try (KafkaConnection kafka = KafkaConnection.open(defaults, EnumSet.of(KafkaTopic.Z, KafkaTopic.CONTROL))) {
            assertThat(kafka.embedded()).isTrue();
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo(broker.bootstrapServers());
            assertThat(kafka.topics()).extracting(KafkaTopics.TopicCheck::describe)
                    .containsExactly("cvd.z: created with 6 partitions", "cvd.control: created with 1 partitions");
            port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        }
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
        }).as("stopped on close").isInstanceOf(IOException.class);
    }

    /** Creates topics as an operator would, and waits until the broker lists them. */
    private static void create(KafkaSettings s, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(s.adminProperties())) {
            admin.createTopics(List.of(topics)).all().get();
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (NewTopic t : topics) {
                while (!admin.listTopics().names().get().contains(t.name())) {
                    assertThat(System.nanoTime()).as("%s listed in time", t.name()).isLessThan(deadline);
                    Thread.sleep(50);
                }
            }
        }
    }

    private static String topicConfig(Admin admin, String topic, String key) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(r)).all().get();
        return configs.get(r).get(key).value();
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
