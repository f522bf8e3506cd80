package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.apache.flink.annotation.PublicEvolving;

import java.nio.charset.StandardCharsets;

/**
 * Rows of Binance's public aggTrades dumps ({@code data.binance.vision}) to {@link Trade}s.
 *
 * <p>Both layouts read: USD-M futures ({@code agg_trade_id,price,quantity,first_trade_id,last_trade_id,
 * transact_time,is_buyer_maker}, with that header, milliseconds) and spot since 2025 (no header, {@code
 * a,p,q,f,l,T,m,M}, microseconds). The time unit is told by magnitude, so headerless futures dumps and older
 * millisecond spot dumps read as well. Dumps carry no symbol: it comes from the file name ({@code
 * BTCUSDT-aggTrades-2026-01-01.csv}); without one every row is an {@link RejectReason#UNKNOWN_SYMBOL} dead
 * letter. The header line is skipped and counted as {@value #KIND_HEADER}.
 *
 * <p>Not thread-safe.
 */
@PublicEvolving
public final class AggTradeCsvParser implements LineParser {
    public static final String KIND_HEADER = "csvHeader";

    private static final String FILE_NAME_MARKER = "-aggTrades";
    private static final byte[] HEADER_START = "agg_trade_id".getBytes(StandardCharsets.US_ASCII);
    /** Epoch times at or above this are microseconds (epoch milliseconds reach it in the year 5138). */
    private static final long MICROS_THRESHOLD = 100_000_000_000_000L;
    private static final int MAX_COLUMNS = 8;
    private static final String[] COLUMN_NAMES = {
        "agg_trade_id", "price", "quantity", "first_trade_id", "last_trade_id", "transact_time", "is_buyer_maker",
        "is_best_match"
    };

    private final String symbol;
    private final String fileName;
    private final int maxLineBytes;
    private final ParseCounters counters;
    private final int[] columnStart = new int[MAX_COLUMNS + 1];
    private final int[] columnEnd = new int[MAX_COLUMNS + 1];
    private char[] chars = new char[64];

    /** @param fileName the dump's file (or zip entry) name; the symbol is taken from it */
    public AggTradeCsvParser(String fileName) {
        this(fileName, AggTradeFrameParser.DEFAULT_MAX_LINE_BYTES, new ParseCounters());
    }

    public AggTradeCsvParser(String fileName, int maxLineBytes, ParseCounters counters) {
        this.fileName = fileName;
        this.symbol = symbolFromFileName(fileName);
        this.maxLineBytes = maxLineBytes;
        this.counters = counters;
    }

    /**
     * The symbol a dump's file name starts with ({@code BTCUSDT-aggTrades-2026-01-01.zip} gives {@code BTCUSDT}),
     * or null when the name has none. Directories in the name are ignored.
     */
    public static String symbolFromFileName(String fileName) {
        if (fileName == null) {
            return null;
        }
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        String name = fileName.substring(slash + 1);
        int marker = name.indexOf(FILE_NAME_MARKER);
        return marker <= 0 ? null : BinanceSymbol.normalize(name.substring(0, marker));
    }

    /** The symbol every row gets, or null. */
    public String symbol() {
        return symbol;
    }

    @Override
    public ParseCounters counters() {
        return counters;
    }

    public FeedEvent parse(String row, String origin, long receivedAtNanos) {
        byte[] bytes = row.getBytes(StandardCharsets.UTF_8);
        return parseLine(bytes, 0, bytes.length, bytes.length, origin, -1, receivedAtNanos);
    }

    public FeedEvent parse(byte[] buf, int offset, int length, String origin, long receivedAtNanos) {
        return parseLine(buf, offset, length, length, origin, -1, receivedAtNanos);
    }

    @Override
    public FeedEvent parseLine(
            byte[] buf, int offset, int length, long totalLength, String origin, long lineNo, long receivedAtNanos) {
        if (totalLength > maxLineBytes) {
            return reject(RejectReason.LINE_TOO_LONG, Rejection.lineTooLong(totalLength, maxLineBytes),
                    buf, offset, length, totalLength, origin, lineNo);
        }
        int start = offset;
        int end = offset + length;
        while (start < end && isBlank(buf[start])) {
            start++;
        }
        while (end > start && isBlank(buf[end - 1])) {
            end--;
        }
        if (start == end) {
            return reject(RejectReason.EMPTY_LINE, length == 0 ? "empty line" : "blank line",
                    buf, offset, length, totalLength, origin, lineNo);
        }
        if (startsWith(buf, start, end, HEADER_START)) {
            counters.countSkipped(KIND_HEADER);
            return null;
        }
        if (symbol == null) {
            return reject(RejectReason.UNKNOWN_SYMBOL,
                    "no symbol: file name \"" + fileName + "\" is not <SYMBOL>" + FILE_NAME_MARKER + "-...",
                    buf, offset, length, totalLength, origin, lineNo);
        }
        int columns = 0;
        int cellStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || buf[i] == ',') {
                if (columns == MAX_COLUMNS) {
                    columns++;
                    break;
                }
                columnStart[columns] = cellStart;
                columnEnd[columns] = i;
                columns++;
                cellStart = i + 1;
            }
        }
        if (columns < 7 || columns > MAX_COLUMNS) {
            return reject(RejectReason.BAD_CSV_ROW,
                    columns > MAX_COLUMNS ? "more than 8 columns" : "expected 7 or 8 columns, found " + columns,
                    buf, offset, length, totalLength, origin, lineNo);
        }
        long id;
        double price;
        double quantity;
        long time;
        try {
            id = longCell(buf, 0);
            price = doubleCell(buf, 1);
            quantity = doubleCell(buf, 2);
            longCell(buf, 3);
            longCell(buf, 4);
            time = longCell(buf, 5);
        } catch (CellException e) {
            return reject(e.reason, e.getMessage(), buf, offset, length, totalLength, origin, lineNo);
        }
        int buyerMaker = booleanCell(buf, 6);
        if (buyerMaker < 0) {
            return reject(RejectReason.BAD_CSV_ROW, COLUMN_NAMES[6] + " is not a boolean: \"" + cell(buf, 6) + "\"",
                    buf, offset, length, totalLength, origin, lineNo);
        }
        if (quantity <= 0) {
            return reject(RejectReason.NON_POSITIVE_QUANTITY, "quantity = " + quantity,
                    buf, offset, length, totalLength, origin, lineNo);
        }
        if (price <= 0) {
            return reject(RejectReason.NON_POSITIVE_PRICE, "price = " + price,
                    buf, offset, length, totalLength, origin, lineNo);
        }
        long timeMs = time >= MICROS_THRESHOLD ? Math.floorDiv(time, 1000L) : time;
        counters.countTrade();
        return FeedEvent.of(new Trade(symbol, id, TradeKind.AGG_TRADE, price, quantity, buyerMaker == 1, timeMs,
                timeMs, receivedAtNanos, -1));
    }

    private long longCell(byte[] buf, int column) throws CellException {
        int length = toChars(buf, column);
        try {
            return DecimalText.parseLong(chars, 0, length);
        } catch (NumberFormatException e) {
            throw new CellException(RejectReason.NON_NUMERIC,
                    COLUMN_NAMES[column] + " is not an integer: \"" + cell(buf, column) + "\"");
        }
    }

    private double doubleCell(byte[] buf, int column) throws CellException {
        int length = toChars(buf, column);
        double value;
        try {
            value = DecimalText.parseDouble(chars, 0, length);
        } catch (NumberFormatException e) {
            throw new CellException(RejectReason.NON_NUMERIC,
                    COLUMN_NAMES[column] + " is not a number: \"" + cell(buf, column) + "\"");
        }
        if (!Double.isFinite(value)) {
            throw new CellException(RejectReason.NON_FINITE,
                    COLUMN_NAMES[column] + " is not finite: \"" + cell(buf, column) + "\"");
        }
        return value;
    }

    /** 1 for true, 0 for false, -1 for anything else. */
    private int booleanCell(byte[] buf, int column) {
        int start = columnStart[column];
        int length = columnEnd[column] - start;
        if (length == 4 && (buf[start] == 'T' || buf[start] == 't') && buf[start + 1] == 'r'
                && buf[start + 2] == 'u' && buf[start + 3] == 'e') {
            return 1;
        }
        if (length == 5 && (buf[start] == 'F' || buf[start] == 'f') && buf[start + 1] == 'a'
                && buf[start + 2] == 'l' && buf[start + 3] == 's' && buf[start + 4] == 'e') {
            return 0;
        }
        return -1;
    }

    /** Copies an ASCII cell into the character scratch buffer; other bytes become invalid characters. */
    private int toChars(byte[] buf, int column) {
        int start = columnStart[column];
        int length = columnEnd[column] - start;
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            byte b = buf[start + i];
            chars[i] = b >= 0 ? (char) b : '\uFFFD';
        }
        return length;
    }

    private String cell(byte[] buf, int column) {
        return new String(buf, columnStart[column], columnEnd[column] - columnStart[column], StandardCharsets.UTF_8);
    }

    private FeedEvent reject(
            RejectReason reason,
            String detail,
            byte[] buf,
            int offset,
            int length,
            long totalLength,
            String origin,
            long lineNo) {
        return Rejection.of(counters, reason, detail, symbol, buf, offset, length, totalLength, origin, lineNo);
    }

    private static boolean startsWith(byte[] buf, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** A cell that cannot be read; carries the reason to the row's dead letter. */
    private static final class CellException extends Exception {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;

        CellException(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
