package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

/** Which Binance stream a trade came from. IDs of the two kinds are separate sequences. */
@PublicEvolving
public enum TradeKind {
    /** {@code <symbol>@aggTrade}, ID field {@code a}. */
    AGG_TRADE,
    /** {@code <symbol>@trade}, ID field {@code t}. */
    TRADE
}
