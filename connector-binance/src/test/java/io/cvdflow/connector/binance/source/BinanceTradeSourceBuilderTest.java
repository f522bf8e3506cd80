package io.cvdflow.connector.binance.source;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinanceTradeSourceBuilderTest {

    @Test
    void defaultsFollowBinance() {
        Configuration c = BinanceTradeSource.builder().setSymbols("btcusdt", "ETHUSDT").build().getConfiguration();
        assertThat(c.get(BinanceSourceOptions.WS_URL)).isEqualTo("wss://fstream.binance.com/market");
        assertThat(c.get(BinanceSourceOptions.REST_URL)).isEqualTo("https://fapi.binance.com");
        assertThat(c.get(BinanceSourceOptions.STREAM_TYPE)).isEqualTo(StreamType.AGG_TRADE);
        assertThat(c.get(BinanceSourceOptions.STREAMS_PER_CONNECTION)).isEqualTo(200);
        assertThat(c.get(BinanceSourceOptions.ROTATION_AGE)).isEqualTo(Duration.ofHours(23));
        assertThat(c.get(BinanceSourceOptions.REST_PAGE_LIMIT)).isEqualTo(1000);
        assertThat(c.get(BinanceSourceOptions.SYMBOLS)).containsExactly("btcusdt", "ETHUSDT");
    }

    @Test
    void everySetterLandsInItsOption() {
        Configuration c = BinanceTradeSource.builder()
                .setSymbolDiscovery("TRADING", "PERPETUAL", "USDT")
                .setDiscoveryInterval(Duration.ofSeconds(30))
                .setStreamType(StreamType.TRADE)
                .setWebSocketUrl("ws://127.0.0.1:9000/market")
                .setRestUrl("http://127.0.0.1:9001")
                .setStreamsPerConnection(50)
                .setReconnectBackoff(Duration.ofMillis(10), Duration.ofSeconds(1), 0.5)
                .setStallTimeout(Duration.ofSeconds(2))
                .setRotation(Duration.ofMinutes(1), Duration.ofSeconds(3))
                .setRestWeightBudget(600)
                .setRestPageLimit(100)
                .setOption(BinanceSourceOptions.CATCH_UP_TIMEOUT, Duration.ofSeconds(1))
                .build()
                .getConfiguration();
        assertThat(c.get(BinanceSourceOptions.DISCOVERY_ENABLED)).isTrue();
        assertThat(c.get(BinanceSourceOptions.DISCOVERY_QUOTE_ASSET)).isEqualTo("USDT");
        assertThat(c.get(BinanceSourceOptions.DISCOVERY_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(BinanceSourceOptions.STREAM_TYPE)).isEqualTo(StreamType.TRADE);
        assertThat(c.get(BinanceSourceOptions.STREAMS_PER_CONNECTION)).isEqualTo(50);
        assertThat(c.get(BinanceSourceOptions.RECONNECT_BACKOFF_JITTER)).isEqualTo(0.5);
        assertThat(c.get(BinanceSourceOptions.ROTATION_OVERLAP)).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.get(BinanceSourceOptions.REST_WEIGHT_BUDGET)).isEqualTo(600);
        assertThat(c.get(BinanceSourceOptions.CATCH_UP_TIMEOUT)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void optionsCanComeFromAConfigurationByKey() {
        Configuration settings = new Configuration();
        settings.setString("binance.symbols", "BTCUSDT;ETHUSDT");
        settings.setString("binance.stream-type", "trade");
        settings.setString("binance.stall-timeout", "5 s");
        Configuration c = BinanceTradeSource.builder().setConfiguration(settings).build().getConfiguration();
        assertThat(c.get(BinanceSourceOptions.SYMBOLS)).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(c.get(BinanceSourceOptions.STREAM_TYPE)).isEqualTo(StreamType.TRADE);
        assertThat(c.get(BinanceSourceOptions.STALL_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> BinanceTradeSource.builder().build()).hasMessageContaining("neither");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT")
                .setSymbolDiscovery("TRADING", "PERPETUAL", "USDT").build()).hasMessageContaining("both");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTC/USDT").build())
                .hasMessageContaining("BTC/USDT");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT")
                .setWebSocketUrl("https://fstream.binance.com/market").build()).hasMessageContaining("binance.ws-url");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT").setStreamsPerConnection(0)
                .build()).hasMessageContaining("binance.streams-per-connection");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT").setRestPageLimit(1001)
                .build()).hasMessageContaining("binance.rest.page-limit");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT")
                .setRotation(Duration.ofSeconds(5), Duration.ofSeconds(5)).build())
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT")
                .setReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1).build())
                .hasMessageContaining("backoff.max");
        assertThatThrownBy(() -> BinanceTradeSource.builder().setSymbols("BTCUSDT")
                .setStallTimeout(Duration.ZERO).build()).hasMessageContaining("binance.stall-timeout");
    }
}
