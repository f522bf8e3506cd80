package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.RecordedFileReader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The recordings' trades rewritten as the live feed delivers them: one combined-stream frame per line
 * ({@code <symbol>@aggTrade} for aggregate trades, {@code <symbol>@trade} for raw trades), without the depth and
 * book-ticker frames the spot and COIN-M recordings interleave. Derived data for the replay benchmark, whose
 * job ingests trade frames as the live job does. Each file keeps its name (plus {@code .jsonl}) and folder, so
 * the replay groups and orders them exactly as it does the originals; the trades read back are the same.
 */
final class LiveWireRecordings {
    private LiveWireRecordings() {}

    /** Writes every recording under {@code recordings} into {@code target}; returns the number of trades written. */
    static long write(List<Path> recordings, Path sourceRoot, Path target) throws IOException {
        long trades = 0;
        for (Path file : recordings) {
            Path out = target.resolve(sourceRoot.relativize(file).toString() + ".jsonl");
            Files.createDirectories(out.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (Trade t : RecordedFileReader.readTrades(file)) {
                    w.write(frame(t));
                    w.newLine();
                    trades++;
                }
            }
        }
        return trades;
    }

    static String frame(Trade t) {
        boolean agg = t.kind == TradeKind.AGG_TRADE;
        String stream = t.symbol.toLowerCase(Locale.ROOT) + (agg ? "@aggTrade" : "@trade");
        StringBuilder b = new StringBuilder(200)
                .append("{\"stream\":\"").append(stream).append("\",\"data\":{\"e\":\"")
                .append(agg ? "aggTrade" : "trade").append("\",\"E\":").append(t.exchangeTimeMs)
                .append(",\"s\":\"").append(t.symbol).append("\",\"").append(agg ? 'a' : 't').append("\":")
                .append(t.tradeId)
                .append(",\"p\":\"").append(decimal(t.price)).append("\",\"q\":\"").append(decimal(t.quantity))
                .append('"');
        if (agg) {
            b.append(",\"f\":").append(t.tradeId).append(",\"l\":").append(t.tradeId);
        }
        return b.append(",\"T\":").append(t.eventTimeMs).append(",\"m\":").append(t.buyerMaker).append("}}")
                .toString();
    }

    private static String decimal(double value) {
        return BigDecimal.valueOf(value).toPlainString();
    }
}
