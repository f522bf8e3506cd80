package io.cvdflow.connector.binance.source.enumerator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads {@code /fapi/v1/exchangeInfo} and keeps the symbols whose {@code status}, {@code contractType} and
 * {@code quoteAsset} match the filters (an empty filter matches everything), for example every TRADING USDT
 * perpetual.
 */
@Internal
public final class ExchangeInfoDiscovery implements SymbolDiscovery {
    private static final long serialVersionUID = 1L;
    private static final JsonFactory JSON = new JsonFactory();

    private final String restUrl;
    private final String status;
    private final String contractType;
    private final String quoteAsset;
    private final Duration timeout;
    private transient HttpClient http;

    public ExchangeInfoDiscovery(
            String restUrl, String status, String contractType, String quoteAsset, Duration timeout) {
        this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
        this.status = status;
        this.contractType = contractType;
        this.quoteAsset = quoteAsset;
        this.timeout = timeout;
    }

    @Override
    public Set<String> discover() throws IOException, InterruptedException {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + "/fapi/v1/exchangeInfo"))
                .timeout(timeout)
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException("exchangeInfo answered HTTP " + response.statusCode() + ": "
                    + body.substring(0, Math.min(200, body.length())));
        }
        return matchingSymbols(response.body(), status, contractType, quoteAsset);
    }

    @Override
    public boolean isDynamic() {
        return true;
    }

    /** The symbols of an exchangeInfo answer that match the filters, in the answer's order. */
    public static Set<String> matchingSymbols(byte[] body, String status, String contractType, String quoteAsset)
            throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("exchangeInfo is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("symbols".equals(field) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        readSymbol(p, status, contractType, quoteAsset, out);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static void readSymbol(JsonParser p, String status, String contractType, String quoteAsset,
            Set<String> out) throws IOException {
        String symbol = null;
        String st = null;
        String ct = null;
        String qa = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                switch (field) {
                    case "symbol":
                        symbol = p.getText();
                        break;
                    case "status":
                        st = p.getText();
                        break;
                    case "contractType":
                        ct = p.getText();
                        break;
                    case "quoteAsset":
                        qa = p.getText();
                        break;
                    default:
                        break;
                }
            } else {
                p.skipChildren();
            }
        }
        if (symbol != null && matches(status, st) && matches(contractType, ct) && matches(quoteAsset, qa)) {
            out.add(symbol);
        }
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.isEmpty() || filter.equals(value);
    }

    @Override
    public String toString() {
        return "exchangeInfo at " + restUrl + " (status=" + status + ", contractType=" + contractType
                + ", quoteAsset=" + quoteAsset + ")";
    }
}
