package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.parse.BinanceSymbol;

import org.apache.flink.annotation.Internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A fixed list of symbols from the configuration. */
@Internal
public final class StaticSymbolList implements SymbolDiscovery {
    private static final long serialVersionUID = 1L;

    private final Set<String> symbols;

    public StaticSymbolList(Collection<String> symbols) {
        Set<String> upper = new LinkedHashSet<>();
        for (String s : symbols) {
            String symbol = BinanceSymbol.normalize(s.trim());
            if (symbol == null) {
                throw new IllegalArgumentException("Symbol \"" + s + "\" does not match " + BinanceSymbol.PATTERN);
            }
            upper.add(symbol);
        }
        this.symbols = Collections.unmodifiableSet(upper);
    }

    @Override
    public Set<String> discover() {
        return symbols;
    }

    @Override
    public boolean isDynamic() {
        return false;
    }

    @Override
    public String toString() {
        return "symbols " + symbols;
    }
}
