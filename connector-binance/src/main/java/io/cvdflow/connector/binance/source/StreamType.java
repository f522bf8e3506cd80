package io.cvdflow.connector.binance.source;

import io.cvdflow.connector.binance.model.TradeKind;

import org.apache.flink.annotation.PublicEvolving;

/** Which Binance trade stream the source subscribes to. Its string form is the stream name's suffix. */
@PublicEvolving
public enum StreamType {
    /** {@code <symbol>@aggTrade}: gaps are repaired from {@code /fapi/v1/aggTrades}. */
    AGG_TRADE("aggTrade", TradeKind.AGG_TRADE),
    /** {@code <symbol>@trade}: raw trades; REST has no public history by ID, so gaps are reported unrecoverable. */
    TRADE("trade", TradeKind.TRADE);

    private final String wireName;
    private final TradeKind kind;

    StreamType(String wireName, TradeKind kind) {
        this.wireName = wireName;
        this.kind = kind;
    }

    public TradeKind kind() {
        return kind;
    }

    /** The stream name of a symbol, for example {@code btcusdt@aggTrade}. */
    public String streamName(String symbol) {
        return symbol.toLowerCase(java.util.Locale.ROOT) + '@' + wireName;
    }

    /** {@code aggTrade} or {@code trade}: the form used in configuration and stream names. */
    @Override
    public String toString() {
        return wireName;
    }
}
