package io.cvdflow.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of Flink's REST API (the one {@code flink run}, the Web UI and operators use) that the cluster tests
 * drive: jar upload and run, job state, vertices and where their subtasks run, checkpoints, stop with a savepoint,
 * cancel, exceptions and metrics.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRest(String base) {
        this.base = base;
    }

    /** {@code POST /jars/upload}; returns the jar's ID. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----cvd" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IOException("jar upload failed: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * {@code POST /jars/<id>/run}; returns the job ID.
     *
     * @param savepointPath null for a fresh start
     */
    public String run(String jarId, List<String> programArgs, int parallelism, String savepointPath,
            boolean allowNonRestoredState) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", "io.cvdflow.job.CvdJob");
        request.set("programArgsList", JSON.valueToTree(programArgs));
        request.put("parallelism", parallelism);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
        }
        request.put("allowNonRestoredState", allowNonRestoredState);
        JsonNode answer = post("/jars/" + jarId + "/run", request);
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("job submission failed: " + answer);
        }
        return jobId;
    }

    /** {@code GET /jobs/<id>}: state, vertices (id, name, parallelism, status). */
    public JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    public String jobState(String jobId) throws IOException, InterruptedException {
        return job(jobId).path("state").asText();
    }

    /** The ID of the job's vertex whose name contains {@code operatorName} (a chain's name lists its operators). */
    public String vertexId(String jobId, String operatorName) throws IOException, InterruptedException {
        for (JsonNode v : job(jobId).path("vertices")) {
            if (v.path("name").asText().contains(operatorName)) {
                return v.path("id").asText();
            }
        }
        throw new IOException("no vertex named like '" + operatorName + "' in job " + jobId);
    }

    /** True when the job and every one of its subtasks are RUNNING. */
    public boolean allRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = job(jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (v.path("tasks").path("RUNNING").asInt() != v.path("parallelism").asInt()) {
                return false;
            }
        }
        return true;
    }

    /** Resource IDs of the TaskManagers running a subtask of the vertex, from {@code /jobs/<id>/vertices/<vid>/taskmanagers}. */
    public List<String> taskManagersOf(String jobId, String vertexId) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode tm : get("/jobs/" + jobId + "/vertices/" + vertexId + "/taskmanagers").path("taskmanagers")) {
            if (tm.path("status").asText().equals("RUNNING")) {
                out.add(tm.path("taskmanager-id").asText());
            }
        }
        return out;
    }

    /** Resource IDs of the registered TaskManagers. */
    public List<String> taskManagerIds() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            out.add(tm.path("id").asText());
        }
        return out;
    }

    /** Completed checkpoints of the job so far. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** {@code GET /jobs/<id>/exceptions}: the entries of the exception history (failures that led to restarts). */
    public JsonNode exceptionHistory(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /** A job-level metric, for example {@code numRestarts}; -1 while the JobManager has not reported it. */
    public long jobMetric(String jobId, String name) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=" + name)) {
            return m.path("value").asLong();
        }
        return -1;
    }

    /**
     * The vertex's metrics whose ID ends with {@code suffix}, with their values: IDs are
     * {@code <subtask>.<operator>.<groups>.<name>}, for example {@code 0.<router>.symbol.BTCUSDT.error_type.NOT_JSON.cvd_errors}.
     */
    public Map<String, Double> vertexMetrics(String jobId, String vertexId, String suffix)
            throws IOException, InterruptedException {
        String path = "/jobs/" + jobId + "/vertices/" + vertexId + "/metrics";
        List<String> ids = new ArrayList<>();
        for (JsonNode m : get(path)) {
            if (m.path("id").asText().endsWith(suffix)) {
                ids.add(m.path("id").asText());
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 50) {
            String get = String.join(",", ids.subList(from, Math.min(ids.size(), from + 50)));
            for (JsonNode m : get(path + "?get=" + URLEncoder.encode(get, StandardCharsets.UTF_8))) {
                out.put(m.path("id").asText(), m.path("value").asDouble());
            }
        }
        return out;
    }

    /** {@code POST /jobs/<id>/stop}: stops the job with a savepoint into {@code directory}; returns its path. */
    public String stopWithSavepoint(String jobId, Path directory, Duration timeout) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("targetDirectory", directory.toUri().toString());
        request.put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException("stop with savepoint failed: " + operation.path("failure-cause"));
                }
                return operation.path("location").asText();
            }
            Thread.sleep(250);
        }
        throw new IOException("stop with savepoint of " + jobId + " did not complete within " + timeout);
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(response.request().method() + " " + response.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
