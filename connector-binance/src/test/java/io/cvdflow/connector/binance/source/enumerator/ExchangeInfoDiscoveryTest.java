package io.cvdflow.connector.binance.source.enumerator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Filtering an exchangeInfo answer in the shape of Binance's documentation for {@code /fapi/v1/exchangeInfo}. */
class ExchangeInfoDiscoveryTest {
    private static final String BODY = "{\"timezone\":\"UTC\",\"serverTime\":1767225600000,"
            + "\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\","
            + "\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":2400}],\"exchangeFilters\":[],"
            + "\"assets\":[{\"asset\":\"USDT\",\"marginAvailable\":true,\"autoAssetExchange\":\"-10000\"}],"
            + "\"symbols\":["
            + symbol("BTCUSDT", "PERPETUAL", "TRADING", "BTC", "USDT")
            + "," + symbol("ETHUSDT_260327", "CURRENT_QUARTER", "TRADING", "ETH", "USDT")
            + "," + symbol("ETHUSDT", "PERPETUAL", "TRADING", "ETH", "USDT")
            + "," + symbol("BTCUSDC", "PERPETUAL", "TRADING", "BTC", "USDC")
            + "," + symbol("SANDUSDT", "PERPETUAL", "SETTLING", "SAND", "USDT")
            + "]}";

    private static String symbol(String symbol, String contractType, String status, String base, String quote) {
        return "{\"symbol\":\"" + symbol + "\",\"pair\":\"" + base + quote + "\",\"contractType\":\"" + contractType
                + "\",\"deliveryDate\":4133404800000,\"onboardDate\":1569398400000,\"status\":\"" + status
                + "\",\"maintMarginPercent\":\"2.5000\",\"requiredMarginPercent\":\"5.0000\",\"baseAsset\":\""
                + base + "\",\"quoteAsset\":\"" + quote + "\",\"marginAsset\":\"" + quote
                + "\",\"pricePrecision\":2,\"quantityPrecision\":3,\"underlyingType\":\"COIN\","
                + "\"underlyingSubType\":[\"PoW\"],\"triggerProtect\":\"0.0500\","
                + "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"maxPrice\":\"4529764\",\"minPrice\":\"556.80\","
                + "\"tickSize\":\"0.10\"},{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"0.001\"}],"
                + "\"orderTypes\":[\"LIMIT\",\"MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\"]}";
    }

    @Test
    void keepsTradingUsdtPerpetuals() throws IOException {
        assertThat(ExchangeInfoDiscovery.matchingSymbols(bytes(BODY), "TRADING", "PERPETUAL", "USDT"))
                .containsExactly("BTCUSDT", "ETHUSDT");
    }

    @Test
    void emptyFiltersMatchEverything() throws IOException {
        assertThat(ExchangeInfoDiscovery.matchingSymbols(bytes(BODY), "", "", ""))
                .containsExactly("BTCUSDT", "ETHUSDT_260327", "ETHUSDT", "BTCUSDC", "SANDUSDT");
        assertThat(ExchangeInfoDiscovery.matchingSymbols(bytes(BODY), "TRADING", "", "USDC"))
                .containsExactly("BTCUSDC");
    }

    @Test
    void rejectsAnswersThatAreNotExchangeInfo() {
        assertThatThrownBy(() -> ExchangeInfoDiscovery.matchingSymbols(bytes("[1,2]"), "", "", ""))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ExchangeInfoDiscovery.matchingSymbols(bytes("{\"symbols\":[{\"symbol\":"), "", "",
                "")).isInstanceOf(IOException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
