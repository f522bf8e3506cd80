package io.cvdflow.job.cli;

import io.cvdflow.connector.binance.source.BinanceSourceOptions;
import io.cvdflow.connector.binance.source.BinanceTradeSource;
import io.cvdflow.connector.binance.source.BinanceTradeSourceBuilder;
import io.cvdflow.connector.binance.source.StreamType;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the live feed comes from: Binance by default, any exchange speaking its protocol (the fake one) by URL. */
public class BinanceArguments {
    @Option(names = "--symbols", split = ",", paramLabel = "SYM",
            description = "symbols to stream, e.g. BTCUSDT,ETHUSDT (without it: every TRADING USDT perpetual, re-read periodically)")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--binance.ws-url", paramLabel = "URL",
            description = "routed market-stream base URL (default: ${DEFAULT-VALUE})")
    String wsUrl = BinanceSourceOptions.WS_URL.defaultValue();

    @Option(names = "--binance.rest-url", paramLabel = "URL", description = "REST base URL (default: ${DEFAULT-VALUE})")
    String restUrl = BinanceSourceOptions.REST_URL.defaultValue();

    @Option(names = "--stream", paramLabel = "TYPE", defaultValue = "aggTrade",
            description = "aggTrade (default) or trade")
    String streamType;

    StreamType streamType() {
        for (StreamType t : StreamType.values()) {
            if (t.toString().equalsIgnoreCase(streamType)) {
                return t;
            }
        }
        throw new ParameterException(new CommandLine(this), "--stream " + streamType + ": use aggTrade or trade");
    }

    BinanceTradeSource source() {
        BinanceTradeSourceBuilder b = BinanceTradeSource.builder()
                .setWebSocketUrl(wsUrl)
                .setRestUrl(restUrl)
                .setStreamType(streamType());
        if (symbols.isEmpty()) {
            b.setSymbolDiscovery("TRADING", "PERPETUAL", "USDT");
        } else {
            b.setSymbols(symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toList()));
        }
        return b.build();
    }
}
