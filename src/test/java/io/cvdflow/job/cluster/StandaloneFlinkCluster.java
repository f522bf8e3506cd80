package io.cvdflow.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real standalone Flink 2.2 session cluster, one JVM per process, started from the Maven artefacts' classpath
 * ({@code deploy/flink/pom.xml} writes it; there is no flink-dist on Maven Central): a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), all on 127.0.0.1.
 *
 * <p>The configuration is {@code deploy/flink/config.yaml}, the one users deploy, with only what a test on a shared
 * machine must change: addresses and free ports on loopback, TaskManager memory spelled out in full (without Flink's
 * scripts nobody derives it), checkpoints and savepoints in the work directory, and no Prometheus reporter (it would
 * listen on every interface). The JVM flags are what Flink's scripts pass: the Java 17 module openings and the heap,
 * direct and metaspace limits Flink computes from that memory configuration.
 *
 * <p>{@link #close()} kills every process still running and waits for it; a shutdown hook does the same if the
 * test JVM exits first. Each process logs to {@code <work dir>/log/<name>.log}.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** What the test cluster sets over {@code deploy/flink/config.yaml}, besides ports and directories. */
    private static final Map<String, String> LOCAL_SETTINGS = Map.ofEntries(
            Map.entry("jobmanager.rpc.address", HOST),
            Map.entry("jobmanager.bind-host", HOST),
            Map.entry("jobmanager.memory.process.size", "1024m"),
            Map.entry("taskmanager.host", HOST),
            Map.entry("taskmanager.bind-host", HOST),
            Map.entry("taskmanager.cpu.cores", "2"),
            Map.entry("taskmanager.memory.task.heap.size", "320m"),
            Map.entry("taskmanager.memory.task.off-heap.size", "0m"),
            Map.entry("taskmanager.memory.managed.size", "32m"),
            Map.entry("taskmanager.memory.network.min", "64m"),
            Map.entry("taskmanager.memory.network.max", "64m"),
            Map.entry("taskmanager.memory.framework.heap.size", "128m"),
            Map.entry("taskmanager.memory.framework.off-heap.size", "128m"),
            Map.entry("taskmanager.memory.jvm-metaspace.size", "256m"),
            Map.entry("taskmanager.memory.jvm-overhead.min", "128m"),
            Map.entry("taskmanager.memory.jvm-overhead.max", "128m"),
            Map.entry("rest.address", HOST),
            Map.entry("rest.bind-address", HOST));
    /** Keys of the deployed file a local test cluster leaves out: the reporter and the scripts' JVM options. */
    private static final List<String> LEFT_OUT = List.of("metrics.reporter.", "env.java.opts.", "taskmanager.memory.process.size");

    private final Path workDir;
    private final Path configDir;
    private final Map<String, String> settings;
    private final List<String> classpathAndOpens;
    private final int restPort;
    private final FlinkRest rest;
    private final Process jobManager;
    private final Map<String, Process> taskManagers = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::killAll, "flink-cluster-shutdown");
    private int taskManagersStarted;

    private StandaloneFlinkCluster(Path workDir, Map<String, String> settings, List<String> classpathAndOpens,
            int restPort) throws IOException {
        this.workDir = workDir;
        this.configDir = workDir.resolve("conf");
        this.settings = settings;
        this.classpathAndOpens = classpathAndOpens;
        this.restPort = restPort;
        this.rest = new FlinkRest("http://" + HOST + ":" + restPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        writeConfiguration();
        Configuration conf = Configuration.fromMap(settings);
        String memory = JobManagerProcessUtils.generateJvmParametersStr(JobManagerProcessUtils.processSpecFromConfig(conf), conf);
        jobManager = launch("jobmanager", memory, JOB_MANAGER_MAIN);
    }

    /**
     * Starts a JobManager and {@code taskManagers} TaskManagers and waits until the REST API lists them all.
     *
     * @param workDir configuration, logs, checkpoints and savepoints go here
     * @param overrides settings over the deployed file and the local ones
     */
    public static StandaloneFlinkCluster start(Path workDir, int taskManagers, Map<String, String> overrides)
            throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(deployedSettings());
        settings.putAll(LOCAL_SETTINGS);
        int restPort = freePort();
        settings.put("rest.port", Integer.toString(restPort));
        settings.put("jobmanager.rpc.port", Integer.toString(freePort()));
        settings.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
        settings.put("execution.checkpointing.savepoint-dir", workDir.resolve("savepoints").toUri().toString());
        settings.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        settings.put("web.tmpdir", workDir.resolve("web").toString());
        settings.putAll(overrides);
        List<String> jvm = new ArrayList<>(Arrays.asList(System.getProperty("cvd.flink.jvm.opens", "").trim().split("\\s+")));
        jvm.add("-cp");
        jvm.add(Files.readString(classpathFile()).trim());
        Files.createDirectories(workDir.resolve("log"));
        Files.createDirectories(workDir.resolve("tmp"));
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(workDir, settings, jvm, restPort);
        try {
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(taskManagers);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The settings of {@code deploy/flink/config.yaml}, flattened to Flink's dotted keys, minus {@link #LEFT_OUT}. */
    static Map<String, String> deployedSettings() throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(projectDir().resolve("deploy/flink/config.yaml").toFile());
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        flat.keySet().removeIf(k -> LEFT_OUT.stream().anyMatch(k::startsWith));
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node.asText());
        }
    }

    /** Starts one more TaskManager with the next resource ID ({@code tm-1}, {@code tm-2}, ...); returns the ID. */
    public synchronized String startTaskManager() throws IOException {
        String id = "tm-" + (++taskManagersStarted);
        Configuration conf = Configuration.fromMap(settings);
        String memory = ProcessMemoryUtils.generateJvmParametersStr(TaskExecutorProcessUtils.processSpecFromConfig(conf));
        taskManagers.put(id, launch(id, memory, TASK_MANAGER_MAIN, "-Dtaskmanager.resource-id=" + id));
        return id;
    }

    /** {@code kill -9}: the TaskManager's process ends at once, without any cleanup. */
    public synchronized void killTaskManager(String resourceId) throws InterruptedException {
        Process p = taskManagers.get(resourceId);
        if (p == null) {
            throw new IllegalArgumentException("no TaskManager " + resourceId + " among " + taskManagers.keySet());
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits until the JobManager has {@code n} TaskManagers registered. */
    public void awaitTaskManagers(int n) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited with " + jobManager.exitValue() + "; see "
                        + workDir.resolve("log/jobmanager.log"));
            }
            try {
                if (rest.taskManagerIds().size() == n) {
                    return;
                }
            } catch (IOException notYetUp) {
                // the REST endpoint is not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster did not get " + n + " TaskManagers within " + START_TIMEOUT);
            }
            Thread.sleep(250);
        }
    }

    public FlinkRest rest() {
        return rest;
    }

    public int restPort() {
        return restPort;
    }

    /** The effective settings every process was started with. */
    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public Path savepointDir() {
        return workDir.resolve("savepoints");
    }

    /** Resource IDs of the TaskManager processes still alive. */
    public synchronized List<String> liveTaskManagers() {
        return taskManagers.entrySet().stream().filter(e -> e.getValue().isAlive()).map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    /** Process IDs of every process started and still alive. */
    public synchronized List<Long> livePids() {
        List<Long> pids = new ArrayList<>();
        if (jobManager.isAlive()) {
            pids.add(jobManager.pid());
        }
        taskManagers.values().stream().filter(Process::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // close() runs from the hook itself
        }
    }

    private synchronized void killAll() {
        List<Process> all = new ArrayList<>(taskManagers.values());
        all.add(jobManager);
        all.forEach(Process::destroyForcibly);
        for (Process p : all) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process launch(String name, String memoryFlags, String main, String... dynamicProperties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(memoryFlags.trim().split("\\s+")));
        command.add("-Dlog.file=" + workDir.resolve("log").resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + configDir.resolve("log4j.properties").toUri());
        command.addAll(classpathAndOpens);
        command.add(main);
        command.add("--configDir");
        command.add(configDir.toString());
        command.addAll(Arrays.asList(dynamicProperties));
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("log").resolve(name + ".out").toFile())
                .start();
    }

    private void writeConfiguration() throws IOException {
        Files.createDirectories(configDir);
        StringBuilder yaml = new StringBuilder("# written by StandaloneFlinkCluster: deploy/flink/config.yaml with local settings\n");
        settings.forEach((k, v) -> yaml.append(k).append(": \"").append(v.replace("\"", "\\\"")).append("\"\n"));
        Files.writeString(configDir.resolve("config.yaml"), yaml);
        Files.writeString(configDir.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.name = File",
                "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} [%t] - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                ""));
    }

    static Path projectDir() {
        return Path.of(requiredProperty("cvd.project.dir"));
    }

    private static Path classpathFile() {
        Path file = Path.of(requiredProperty("cvd.flink.classpath"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no Flink runtime classpath at " + file
                    + ": build the deploy/flink module first (mvn generate-resources at the root)");
        }
        return file;
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set (Failsafe sets it, see cvd-job.xml)");
        }
        return value;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
