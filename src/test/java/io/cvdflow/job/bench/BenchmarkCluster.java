package io.cvdflow.job.bench;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * An embedded Flink cluster for the benchmarks that look into a running job (its checkpoints, its execution graph):
 * one TaskManager on loopback, every port chosen by the OS.
 */
final class BenchmarkCluster implements AutoCloseable {
    private final MiniCluster cluster;

    BenchmarkCluster(Configuration conf, int slots) throws Exception {
        Configuration c = new Configuration(conf);
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(RestOptions.ADDRESS, "127.0.0.1");
        c.set(RestOptions.BIND_PORT, "0");
        c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(c)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
        cluster.start();
    }

    /** Submits the job built on {@code env} and returns at once. */
    JobID submit(StreamExecutionEnvironment env, String name) throws Exception {
        org.apache.flink.streaming.api.graph.StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        return cluster.submitJob(graph).get().getJobID();
    }

    AccessExecutionGraph graph(JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get();
    }

    /** Waits for the job to end; throws its failure. */
    JobResult await(JobID job) throws Exception {
        JobResult result = cluster.requestJobResult(job).get();
        if (result.getSerializedThrowable().isPresent()) {
            throw new IllegalStateException("job failed", result.getSerializedThrowable().get());
        }
        return result;
    }

    void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get();
        cluster.requestJobResult(job).get();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** The machine's load averages (Linux {@code /proc/loadavg}), printed with every benchmark's figures. */
    static String load() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return String.format("load average %s, %s, %s on %d cores", f[0], f[1], f[2],
                    Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return "load average unknown (" + e.getMessage() + ")";
        }
    }
}
