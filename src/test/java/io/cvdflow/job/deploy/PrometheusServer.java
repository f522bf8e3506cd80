package io.cvdflow.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Prometheus server ({@code prometheus} on the PATH) on a free loopback port, with its configuration and
 * storage in a directory of the caller's, and its HTTP API. {@link #close()} kills the process and waits for it.
 */
final class PrometheusServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;
    private final Path log;

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts Prometheus on {@code config} with storage under {@code dir}; returns once it answers ready. */
    static PrometheusServer start(Path config, Path dir) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            Process p = new ProcessBuilder("prometheus",
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb-" + attempt),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && System.nanoTime() < deadline) {
                if (server.ready()) {
                    return server;
                }
                Thread.sleep(200);
            }
            String output = Files.readString(log);
            server.close();
            // another process may have taken the port between the probe and the bind: try another one
            if (attempt == 3 || !output.contains("address already in use")) {
                throw new AssertionError("Prometheus did not start:\n" + output);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** GET {@code path?params} of the HTTP API: the JSON answer, whatever its status (errors come back as JSON). */
    JsonNode get(String path, String... params) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            query.append(i == 0 ? "?" : "&").append(params[i]).append('=')
                    .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path + query))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return MonitoringFiles.JSON.readTree(r.body());
    }

    /** An instant query at now: {@code data.result}, or an AssertionError with Prometheus' error. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return result(promql, get("/api/v1/query", "query", promql));
    }

    private static JsonNode result(String promql, JsonNode answer) {
        assertThat(answer.path("status").asText()).as("%s: %s", promql, answer.path("error").asText()).isEqualTo("success");
        return answer.path("data").path("result");
    }

    long pid() {
        return process.pid();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
