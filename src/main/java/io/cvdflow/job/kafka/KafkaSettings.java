package io.cvdflow.job.kafka;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.DurationValue;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kafka:} section, resolved and validated: where the broker is (none configured: an in-process one),
 * the topics, exactly-once settings, and Kafka client properties passed through unchanged (SASL, TLS, ...).
 * Immutable and serialisable, so sinks and sources carry it.
 *
 * <p>Keys (under {@code kafka.}): {@code bootstrap-servers}, {@code embedded-port}, {@code replication-factor},
 * {@code transaction-timeout}, {@code transactional-id-prefix}, {@code group-id}, {@code create-topics},
 * {@code topics.<topic>.name|partitions|retention} for each {@link KafkaTopic}, and {@code client.<property>}
 * for any producer, consumer or admin client property of Kafka 4.2 except those the job sets itself.
 */
public final class KafkaSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String EMBEDDED_PORT = "embedded-port";
    public static final String REPLICATION_FACTOR = "replication-factor";
    public static final String TRANSACTION_TIMEOUT = "transaction-timeout";
    public static final String TRANSACTIONAL_ID_PREFIX = "transactional-id-prefix";
    public static final String GROUP_ID = "group-id";
    public static final String CREATE_TOPICS = "create-topics";
    public static final String TOPICS = "topics";
    public static final String CLIENT = "client";

    private static final Set<String> KEYS = Set.of(BOOTSTRAP_SERVERS, EMBEDDED_PORT, REPLICATION_FACTOR,
            TRANSACTION_TIMEOUT, TRANSACTIONAL_ID_PREFIX, GROUP_ID, CREATE_TOPICS, TOPICS, CLIENT);
    private static final Set<String> TOPIC_KEYS = Set.of("name", "partitions", "retention");
    private static final String UNLIMITED = "unlimited";
    private static final int MAX_PARTITIONS = 1000;
    private static final int MAX_TOPIC_NAME = 249;
    private static final Duration MIN_RETENTION = Duration.ofMinutes(1);
    private static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofDays(1);
    private static final Pattern SERVER = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9_.-]+):([0-9]{1,5})");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern PROPERTY = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** Client properties the job sets itself, with where to set them instead. */
    private static final Map<String, String> RESERVED = reserved();

    private final String bootstrapServers;
    private final int embeddedPort;
    private final int replicationFactor;
    private final Duration transactionTimeout;
    private final String transactionalIdPrefix;
    private final String groupId;
    private final boolean createTopics;
    private final EnumMap<KafkaTopic, TopicSettings> topics;
    private final Map<String, String> client;

    private KafkaSettings(String bootstrapServers, int embeddedPort, int replicationFactor, Duration transactionTimeout,
            String transactionalIdPrefix, String groupId, boolean createTopics, EnumMap<KafkaTopic, TopicSettings> topics,
            Map<String, String> client) {
        this.bootstrapServers = bootstrapServers;
        this.embeddedPort = embeddedPort;
        this.replicationFactor = replicationFactor;
        this.transactionTimeout = transactionTimeout;
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.groupId = groupId;
        this.createTopics = createTopics;
        this.topics = topics;
        this.client = Collections.unmodifiableMap(new TreeMap<>(client));
    }

    /**
     * Validates the section's keys, flattened to dotted paths ({@code topics.z.partitions},
     * {@code client.security.protocol}).
     *
     * @param where the section's path in messages, {@code kafka}
     * @param checkpointInterval a transaction stays open from one checkpoint to the next, so the transaction
     *     timeout must be longer
     * @throws ConfigException naming the key, the value and the bound or rule
     */
    public static KafkaSettings fromMap(Map<String, String> raw, String where, Duration checkpointInterval) {
        Map<String, String> values = new HashMap<>();
        Map<KafkaTopic, Map<String, String>> topicValues = new EnumMap<>(KafkaTopic.class);
        Map<String, String> client = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String head = dot < 0 ? key : key.substring(0, dot);
            if (!KEYS.contains(head)) {
                throw new ConfigException(where + "." + key + " is not a known key: allowed here are " + new TreeSet<>(KEYS));
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (value.isEmpty()) {
                throw new ConfigException(where + "." + key + " must not be empty");
            }
            if (head.equals(CLIENT)) {
                client.put(clientProperty(key, dot, where), value);
            } else if (head.equals(TOPICS)) {
                putTopicValue(topicValues, key, dot, value, where);
            } else if (dot >= 0) {
                throw new ConfigException(where + "." + head + " must be a single value");
            } else {
                values.put(key, value);
            }
        }

        String servers = values.get(BOOTSTRAP_SERVERS);
        if (servers != null) {
            servers = bootstrapServers(where + "." + BOOTSTRAP_SERVERS, servers);
        }
        int embeddedPort = integer(values, where, EMBEDDED_PORT, 0, 0, 65535);
        int replication = values.getOrDefault(REPLICATION_FACTOR, "default").equals("default")
                ? -1 : integer(values, where, REPLICATION_FACTOR, 1, 1, Short.MAX_VALUE);
        String timeoutKey = where + "." + TRANSACTION_TIMEOUT;
        String timeoutText = values.getOrDefault(TRANSACTION_TIMEOUT, "15m");
        Duration timeout = DurationValue.parse(timeoutKey, timeoutText);
        if (timeout.compareTo(MIN_TRANSACTION_TIMEOUT) < 0 || timeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new ConfigException(timeoutKey + " = " + timeoutText + " is out of bounds: must be in [1s, 1d]");
        }
        if (timeout.compareTo(checkpointInterval) <= 0) {
            throw new ConfigException(timeoutKey + " = " + timeoutText
                    + " is out of bounds: must exceed job.checkpoint-interval = " + DurationValue.format(checkpointInterval)
                    + ", since a transaction stays open from one checkpoint to the next");
        }
        String prefix = id(values, where, TRANSACTIONAL_ID_PREFIX, "cvd");
        String groupId = id(values, where, GROUP_ID, "cvd-job");
        boolean create = bool(values, where, CREATE_TOPICS, true);

        EnumMap<KafkaTopic, TopicSettings> topics = new EnumMap<>(KafkaTopic.class);
        Map<String, KafkaTopic> byName = new HashMap<>();
        for (KafkaTopic t : KafkaTopic.values()) {
            Map<String, String> v = topicValues.getOrDefault(t, Map.of());
            String at = where + "." + TOPICS + "." + t.key();
            String name = v.getOrDefault("name", t.defaultName());
            topicName(at + ".name", name);
            KafkaTopic other = byName.put(name, t);
            if (other != null) {
                throw new ConfigException(at + ".name = '" + name + "' is already the name of "
                        + where + "." + TOPICS + "." + other.key() + ": every topic needs its own");
            }
            int partitions = integer(v, at, "partitions", t.defaultPartitions(), 1, MAX_PARTITIONS);
            long retentionMs = retentionMs(at + ".retention", v.get("retention"), t.defaultRetention());
            topics.put(t, new TopicSettings(name, partitions, retentionMs));
        }
        return new KafkaSettings(servers, embeddedPort, replication, timeout, prefix, groupId, create, topics, client);
    }

    /** These settings pointing at {@code servers}: the configured cluster, or the in-process broker once started. */
    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(bootstrapServers(BOOTSTRAP_SERVERS, servers), embeddedPort, replicationFactor,
                transactionTimeout, transactionalIdPrefix, groupId, createTopics, topics, client);
    }

    /** The configured {@code host:port} list; empty means the job starts an in-process broker. */
    public Optional<String> bootstrapServers() {
        return Optional.ofNullable(bootstrapServers);
    }

    /** Port of the in-process broker's client listener on 127.0.0.1; 0 picks a free one. */
    public int embeddedPort() {
        return embeddedPort;
    }

    /** Replication factor of created topics; empty leaves it to the broker's {@code default.replication.factor}. */
    public Optional<Short> replicationFactor() {
        return replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
    }

    /** The exactly-once sinks' {@code transaction.timeout.ms}; at most the brokers' {@code transaction.max.timeout.ms}. */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** Prefix of every sink's transactional IDs: two jobs writing to one cluster need different prefixes. */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    /** Consumer group of the sources, suffixed per source; offsets are committed on completed checkpoints. */
    public String groupId() {
        return groupId;
    }

    public boolean createTopics() {
        return createTopics;
    }

    public TopicSettings topic(KafkaTopic topic) {
        return topics.get(topic);
    }

    public String topicName(KafkaTopic topic) {
        return topics.get(topic).name();
    }

    /** Kafka client properties as configured, passed to every client that knows them. */
    public Map<String, String> client() {
        return client;
    }

    /** Properties of the exactly-once sinks' producers: the client properties, and the transaction timeout. */
    public Properties producerProperties() {
        Properties p = clientProperties(ProducerConfig.configNames());
        p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()));
        return p;
    }

    /** Properties of the sources' consumers: the client properties, reading committed records only. */
    public Properties consumerProperties() {
        Properties p = clientProperties(ConsumerConfig.configNames());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    public Properties adminProperties() {
        return clientProperties(AdminClientConfig.configNames());
    }

    private Properties clientProperties(Set<String> known) {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, requireBootstrapServers());
        client.forEach((k, v) -> {
            if (known.contains(k)) {
                p.setProperty(k, v);
            }
        });
        return p;
    }

    private String requireBootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("no bootstrap servers yet: open a KafkaConnection, which starts the"
                    + " in-process broker when kafka.bootstrap-servers is not set");
        }
        return bootstrapServers;
    }

    /** Client property values are left out: they may hold credentials. */
    @Override
    public String toString() {
        return "kafka " + (bootstrapServers == null ? "(in-process broker)" : bootstrapServers) + ", topics " + topics.values()
                + ", client properties " + client.keySet();
    }

    /** One topic's name, partitions and retention, as created when missing. */
    public static final class TopicSettings implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final int partitions;
        private final long retentionMs;

        TopicSettings(String name, int partitions, long retentionMs) {
            this.name = name;
            this.partitions = partitions;
            this.retentionMs = retentionMs;
        }

        public String name() {
            return name;
        }

        public int partitions() {
            return partitions;
        }

        /** {@code retention.ms} of the topic; -1 keeps records forever. */
        public long retentionMs() {
            return retentionMs;
        }

        @Override
        public String toString() {
            return name + " (" + partitions + " partitions, retention "
                    + (retentionMs < 0 ? UNLIMITED : DurationValue.format(Duration.ofMillis(retentionMs))) + ")";
        }
    }

    private static String clientProperty(String key, int dot, String where) {
        String property = dot < 0 ? "" : key.substring(dot + 1);
        if (property.isEmpty()) {
            throw new ConfigException(where + "." + CLIENT + " must be a mapping of Kafka client properties");
        }
        String reserved = RESERVED.get(property);
        if (reserved != null) {
            throw new ConfigException(where + "." + key + " is set by the job: " + reserved);
        }
        if (!PROPERTY.matcher(property).matches() || !(ProducerConfig.configNames().contains(property)
                || ConsumerConfig.configNames().contains(property) || AdminClientConfig.configNames().contains(property))) {
            throw new ConfigException(where + "." + key + " is not a Kafka " + kafkaVersion()
                    + " producer, consumer or admin client property");
        }
        return property;
    }

    private static void putTopicValue(Map<KafkaTopic, Map<String, String>> topicValues, String key, int dot, String value,
            String where) {
        String rest = dot < 0 ? "" : key.substring(dot + 1);
        int second = rest.indexOf('.');
        String topicKey = second < 0 ? rest : rest.substring(0, second);
        KafkaTopic topic = null;
        for (KafkaTopic t : KafkaTopic.values()) {
            if (t.key().equals(topicKey)) {
                topic = t;
            }
        }
        if (topic == null) {
            if (topicKey.isEmpty()) {
                throw new ConfigException(where + "." + TOPICS + " must be a mapping of topics: " + topicKeys());
            }
            throw new ConfigException(where + "." + TOPICS + "." + topicKey + " is not a topic: known are " + topicKeys());
        }
        String setting = second < 0 ? "" : rest.substring(second + 1);
        if (setting.isEmpty()) {
            throw new ConfigException(where + "." + key + " must be a mapping of " + new TreeSet<>(TOPIC_KEYS));
        }
        if (!TOPIC_KEYS.contains(setting)) {
            throw new ConfigException(where + "." + key + " is not a known key: allowed here are " + new TreeSet<>(TOPIC_KEYS));
        }
        topicValues.computeIfAbsent(topic, t -> new HashMap<>()).put(setting, value);
    }

    private static Set<String> topicKeys() {
        Set<String> known = new TreeSet<>();
        for (KafkaTopic t : KafkaTopic.values()) {
            known.add(t.key());
        }
        return known;
    }

    private static String bootstrapServers(String key, String text) {
        String[] servers = text.trim().split("\\s*,\\s*");
        for (String server : servers) {
            Matcher m = SERVER.matcher(server);
            if (!m.matches()) {
                throw new ConfigException(key + " = '" + text + "': '" + server
                        + "' is not host:port (write e.g. broker-1:9092,broker-2:9092)");
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new ConfigException(key + " = '" + text + "': port " + port + " is out of bounds: must be in [1, 65535]");
            }
        }
        return String.join(",", servers);
    }

    private static void topicName(String key, String name) {
        if (name.length() > MAX_TOPIC_NAME || !TOPIC_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new ConfigException(key + " = '" + name + "' is not a Kafka topic name: use letters, digits, '.', '_'"
                    + " and '-' (at most " + MAX_TOPIC_NAME + ")");
        }
    }

    private static long retentionMs(String key, String text, Duration fallback) {
        if (text == null) {
            return fallback.toMillis();
        }
        if (text.equalsIgnoreCase(UNLIMITED)) {
            return -1;
        }
        Duration d = DurationValue.parse(key, text);
        if (d.compareTo(MIN_RETENTION) < 0) {
            throw new ConfigException(key + " = " + text + " is out of bounds: must be at least 1m, or "
                    + UNLIMITED);
        }
        return d.toMillis();
    }

    private static int integer(Map<String, String> values, String where, String key, int fallback, int min, int max) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(where + "." + key + " = '" + text + "' is not an integer");
        }
        if (v < min || v > max) {
            throw new ConfigException(where + "." + key + " = " + v + " is out of bounds: must be in [" + min + ", " + max + "]");
        }
        return v;
    }

    private static String id(Map<String, String> values, String where, String key, String fallback) {
        String text = values.getOrDefault(key, fallback);
        if (!ID.matcher(text).matches()) {
            throw new ConfigException(where + "." + key + " = '" + text
                    + "' is not an ID: use letters, digits, '.', '_' and '-' (at most 100)");
        }
        return text;
    }

    private static boolean bool(Map<String, String> values, String where, String key, boolean fallback) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(where + "." + key + " = '" + text + "' is not true or false");
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    private static Map<String, String> reserved() {
        Map<String, String> r = new HashMap<>();
        r.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "set kafka.bootstrap-servers");
        r.put(CommonClientConfigs.GROUP_ID_CONFIG, "set kafka.group-id");
        r.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "set kafka.transactional-id-prefix");
        r.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "set kafka.transaction-timeout");
        r.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "the exactly-once sinks are idempotent and transactional");
        r.put(ProducerConfig.ACKS_CONFIG, "the exactly-once sinks write with acks=all");
        r.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "the sources read committed records only");
        r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "offsets are committed on completed checkpoints");
        r.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "each source's starting position is fixed (README, \"Kafka\")");
        String records = "records are JSON, keyed by symbol";
        r.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, records);
        r.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, records);
        r.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, records);
        r.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, records);
        return Collections.unmodifiableMap(r);
    }
}
