package io.cvdflow.connector.binance.record;

import io.cvdflow.connector.binance.source.reader.ExponentialBackoff;
import org.apache.flink.annotation.PublicEvolving;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Captures Binance's combined stream as received, one line per frame with the receive time in nanoseconds
 * ({@link HourlyGzipFrameWriter}), reconnecting with backoff until stopped. The replay source reads the files
 * back, so users record their own test and tuning data. It records, it does not repair: a reconnect leaves a gap,
 * which the replay reports.
 */
@PublicEvolving
public final class FrameRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRecorder.class);

    private final URI uri;
    private final HourlyGzipFrameWriter writer;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ExponentialBackoff backoff =
            new ExponentialBackoff(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(60), 0.2, new Random());
    private volatile boolean stopped;
    private volatile WebSocket socket;
    private long connections;

    /**
     * @param marketUrl the routed market base URL, e.g. {@code wss://fstream.binance.com/market}
     * @param streamType {@code aggTrade} or {@code trade}
     */
    public FrameRecorder(String marketUrl, List<String> symbols, String streamType, Path directory) throws IOException {
        String streams = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + "@" + streamType)
                .collect(Collectors.joining("/"));
        this.uri = URI.create(marketUrl.replaceAll("/+$", "") + "/stream?streams=" + streams);
        this.writer = new HourlyGzipFrameWriter(directory, "recorded-" + streamType);
    }

    /** Records until {@link #close()} or the thread is interrupted. */
    public void run() throws IOException, InterruptedException {
        while (!stopped) {
            CompletableFuture<Void> ended = new CompletableFuture<>();
            try {
                socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(uri, new Listener(ended)).get(15, TimeUnit.SECONDS);
                connections++;
                LOG.info("recording {} (connection {})", uri, connections);
                backoff.reset();
                ended.get();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
                if (!stopped) {
                    LOG.warn("recording connection to {} ended: {}", uri, e.toString());
                }
            }
            if (!stopped) {
                TimeUnit.NANOSECONDS.sleep(backoff.nextDelayNanos());
            }
        }
    }

    public long frames() {
        synchronized (writer) {
            return writer.frames();
        }
    }

    @Override
    public void close() throws IOException {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        synchronized (writer) {
            writer.close();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Void> ended;
        private final StringBuilder partial = new StringBuilder();

        Listener(CompletableFuture<Void> ended) {
            this.ended = ended;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = epochNanos();
            partial.append(data);
            if (last) {
                synchronized (writer) {
                    try {
                        if (!stopped) {
                            writer.write(now, partial);
                        }
                    } catch (IOException e) {
                        ended.completeExceptionally(e);
                    }
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended.completeExceptionally(error);
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
