package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.util.Objects;

/** A symbol as {@code GET /fapi/v1/exchangeInfo} lists it. Immutable; {@code with…} methods return copies. */
public final class ListedSymbol {
    public static final String TRADING = "TRADING";
    /** The status of a contract being delisted. */
    public static final String SETTLING = "SETTLING";
    public static final String PERPETUAL = "PERPETUAL";

    private static final String[] QUOTE_ASSETS = {"USDT", "USDC", "FDUSD", "BUSD", "BTC", "USD"};

    public final String symbol;
    public final String pair;
    public final String contractType;
    public final String status;
    public final String baseAsset;
    public final String quoteAsset;

    public ListedSymbol(String symbol, String pair, String contractType, String status, String baseAsset,
            String quoteAsset) {
        this.symbol = Objects.requireNonNull(symbol);
        this.pair = Objects.requireNonNull(pair);
        this.contractType = Objects.requireNonNull(contractType);
        this.status = Objects.requireNonNull(status);
        this.baseAsset = Objects.requireNonNull(baseAsset);
        this.quoteAsset = Objects.requireNonNull(quoteAsset);
    }

    /**
     * A TRADING perpetual; base and quote asset are read off the name ({@code BTCUSDT} is BTC/USDT,
     * {@code BTCUSD_PERP} is BTC/USD).
     */
    public static ListedSymbol perpetual(String symbol) {
        String pair = symbol.endsWith("_PERP") ? symbol.substring(0, symbol.length() - 5) : symbol;
        for (String quote : QUOTE_ASSETS) {
            if (pair.endsWith(quote) && pair.length() > quote.length()) {
                return new ListedSymbol(symbol, pair, PERPETUAL, TRADING,
                        pair.substring(0, pair.length() - quote.length()), quote);
            }
        }
        throw new IllegalArgumentException("cannot tell the quote asset of " + symbol);
    }

    public ListedSymbol withStatus(String newStatus) {
        return new ListedSymbol(symbol, pair, contractType, newStatus, baseAsset, quoteAsset);
    }

    public ListedSymbol withContractType(String newContractType) {
        return new ListedSymbol(symbol, pair, newContractType, status, baseAsset, quoteAsset);
    }

    public boolean isTrading() {
        return TRADING.equals(status);
    }

    @Override
    public String toString() {
        return symbol + " " + contractType + " " + status + " " + baseAsset + "/" + quoteAsset;
    }
}
