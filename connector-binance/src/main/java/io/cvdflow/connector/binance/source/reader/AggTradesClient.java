package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code GET /fapi/v1/aggTrades?symbol=S&fromId=N&limit=L} over the JDK HTTP client. */
@Internal
public final class AggTradesClient {
    /** Request weight of {@code /fapi/v1/aggTrades}. */
    public static final int WEIGHT = 20;

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    public AggTradesClient(HttpClient http, String restUrl, Duration timeout) {
        this.http = http;
        this.baseUrl = (restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl)
                + "/fapi/v1/aggTrades?symbol=";
        this.timeout = timeout;
    }

    /** What REST answered; weight and retry headers are -1 when absent. */
    public static final class Answer {
        public final int status;
        public final byte[] body;
        public final int usedWeight;
        public final long retryAfterSeconds;

        Answer(int status, byte[] body, int usedWeight, long retryAfterSeconds) {
            this.status = status;
            this.body = body;
            this.usedWeight = usedWeight;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    public Answer get(String symbol, long fromId, int limit) throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + symbol + "&fromId=" + fromId + "&limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(
                response.statusCode(),
                response.body(),
                (int) header(response, "X-MBX-USED-WEIGHT-1M"),
                header(response, "Retry-After"));
    }

    private static long header(HttpResponse<?> response, String name) {
        String value = response.headers().firstValue(name).orElse(null);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
