package io.cvdflow.connector.binance.source.enumerator;

import org.apache.flink.annotation.Internal;

import java.io.Serializable;
import java.util.Set;

/** Where the enumerator reads the set of symbols to stream. Runs in the coordinator's worker thread. */
@Internal
public interface SymbolDiscovery extends Serializable {

    /** The symbols to stream now, in upper case. */
    Set<String> discover() throws Exception;

    /** Whether the set can change, so that it is worth re-reading periodically. */
    boolean isDynamic();
}
