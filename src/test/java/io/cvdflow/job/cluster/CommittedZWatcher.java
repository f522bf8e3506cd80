package io.cvdflow.job.cluster;

import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * A read_committed consumer of a Z topic on a thread of its own, noting when each record became visible: what a
 * downstream consumer experiences during an outage.
 */
final class CommittedZWatcher implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    /** Pairs of (wall clock when seen, epoch ms; the record's emittedAtNanos), in the order seen. */
    private final List<long[]> seen = new ArrayList<>();
    private volatile boolean stopped;

    CommittedZWatcher(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "committed-z-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    ZRecord z = JsonLines.mapper().readValue(r.value(), ZRecord.class);
                    synchronized (seen) {
                        seen.add(new long[] {now, z.emittedAtNanos});
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close()
        } catch (IOException e) {
            throw new IllegalStateException("not a Z record on the watched topic", e);
        } finally {
            consumer.close();
        }
    }

    /** When the first record computed after {@code epochMs} became visible (epoch ms), if one has. */
    OptionalLong firstVisibleComputedAfter(long epochMs) {
        synchronized (seen) {
            return seen.stream().filter(s -> s[1] > epochMs * 1_000_000L).mapToLong(s -> s[0]).findFirst();
        }
    }

    /** When the first record computed after {@code epochMs} was computed (epoch ms), among those visible. */
    OptionalLong firstComputedAfter(long epochMs) {
        synchronized (seen) {
            return seen.stream().filter(s -> s[1] > epochMs * 1_000_000L).mapToLong(s -> s[1] / 1_000_000L).min();
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        stopped = true;
        thread.join(10_000);
    }
}
