package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assigns one split per symbol to readers, by a stable hash of the symbol, and keeps the assignment in step with
 * discovery: discovery runs in the coordinator's worker thread every interval ({@code callAsync}, as
 * {@code KafkaSource} discovers partitions); new symbols are assigned at once, removed ones are released with a
 * {@link ReleaseSymbolsEvent}.
 *
 * <p>A release is re-sent to a reader that registers again until a checkpoint taken after the release completes,
 * because a reader that fails over restores the splits it held at its last completed checkpoint.
 */
@Internal
public final class BinanceSourceEnumerator implements SplitEnumerator<BinanceSymbolSplit, BinanceEnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSourceEnumerator.class);

    private final SplitEnumeratorContext<BinanceSymbolSplit> context;
    private final SymbolDiscovery discovery;
    private final StreamType streamType;
    private final long discoveryIntervalMs;

    private final Set<String> assigned;
    /** Splits waiting for their owner reader to register, keyed by symbol. */
    private final Map<String, BinanceSymbolSplit> pending = new LinkedHashMap<>();
    private final List<Release> unconfirmedReleases = new ArrayList<>();

    public BinanceSourceEnumerator(
            SplitEnumeratorContext<BinanceSymbolSplit> context,
            SymbolDiscovery discovery,
            StreamType streamType,
            long discoveryIntervalMs,
            BinanceEnumState restored) {
        this.context = context;
        this.discovery = discovery;
        this.streamType = streamType;
        this.discoveryIntervalMs = discoveryIntervalMs;
        this.assigned = new HashSet<>(restored.assignedSymbols());
        for (BinanceSymbolSplit split : restored.pendingSplits()) {
            pending.put(split.symbol(), split);
        }
    }

    @Override
    public void start() {
        if (discovery.isDynamic() && discoveryIntervalMs > 0) {
            LOG.info("Discovering symbols from {} every {} ms", discovery, discoveryIntervalMs);
            context.callAsync(discovery::discover, this::onDiscovered, 0, discoveryIntervalMs);
        } else {
            LOG.info("Reading symbols once from {}", discovery);
            context.callAsync(discovery::discover, this::onDiscovered);
        }
    }

    /** Runs in the coordinator thread with the result of {@link SymbolDiscovery#discover()}. */
    private void onDiscovered(Set<String> found, Throwable error) {
        if (error != null) {
            LOG.warn("Symbol discovery from {} failed; keeping the {} current symbols, retrying next interval",
                    discovery, assigned.size() + pending.size(), error);
            return;
        }
        if (found.isEmpty() && !(assigned.isEmpty() && pending.isEmpty())) {
            LOG.warn("Symbol discovery from {} found no symbols; keeping the {} current ones as a precaution",
                    discovery, assigned.size() + pending.size());
            return;
        }
        Set<String> released = new HashSet<>();
        for (Iterator<String> it = pending.keySet().iterator(); it.hasNext(); ) {
            if (!found.contains(it.next())) {
                it.remove();
            }
        }
        for (Iterator<String> it = assigned.iterator(); it.hasNext(); ) {
            String symbol = it.next();
            if (!found.contains(symbol)) {
                it.remove();
                released.add(symbol);
            }
        }
        int added = 0;
        for (String symbol : found) {
            if (!assigned.contains(symbol) && !pending.containsKey(symbol)) {
                pending.put(symbol, BinanceSymbolSplit.fresh(symbol, streamType));
                added++;
            }
        }
        if (added > 0 || !released.isEmpty()) {
            LOG.info("Discovery: {} symbols, {} new, {} released {}", found.size(), added, released.size(),
                    released);
        }
        if (!released.isEmpty()) {
            unconfirmedReleases.add(new Release(released));
            sendToRegisteredReaders(new ReleaseSymbolsEvent(released));
        }
        assignPending(context.registeredReaders().keySet());
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // splits are pushed as soon as they are discovered
    }

    @Override
    public void addSplitsBack(List<BinanceSymbolSplit> splits, int subtaskId) {
        for (BinanceSymbolSplit split : splits) {
            if (assigned.remove(split.symbol())) {
                pending.put(split.symbol(), split);
            }
        }
        if (context.registeredReaders().containsKey(subtaskId)) {
            assignPending(List.of(subtaskId));
        }
    }

    @Override
    public void addReader(int subtaskId) {
        for (Release release : unconfirmedReleases) {
            context.sendEventToSourceReader(subtaskId, new ReleaseSymbolsEvent(release.symbols));
        }
        assignPending(List.of(subtaskId));
    }

    @Override
    public BinanceEnumState snapshotState(long checkpointId) {
        for (Release release : unconfirmedReleases) {
            if (release.checkpointId == Long.MAX_VALUE) {
                release.checkpointId = checkpointId;
            }
        }
        return new BinanceEnumState(assigned, new ArrayList<>(pending.values()));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        unconfirmedReleases.removeIf(r -> r.checkpointId <= checkpointId);
    }

    @Override
    public void close() {}

    /** The reader that owns a symbol: stable across restarts for a given parallelism. */
    static int owner(String symbol, int parallelism) {
        return Math.floorMod(symbol.hashCode(), parallelism);
    }

    private void assignPending(Collection<Integer> readers) {
        if (pending.isEmpty() || readers.isEmpty()) {
            return;
        }
        int parallelism = context.currentParallelism();
        Map<Integer, List<BinanceSymbolSplit>> assignment = new HashMap<>();
        for (Iterator<BinanceSymbolSplit> it = pending.values().iterator(); it.hasNext(); ) {
            BinanceSymbolSplit split = it.next();
            int owner = owner(split.symbol(), parallelism);
            if (readers.contains(owner) && context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, r -> new ArrayList<>()).add(split);
                assigned.add(split.symbol());
                it.remove();
            }
        }
        if (!assignment.isEmpty()) {
            LOG.debug("Assigning {}", assignment);
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
    }

    private void sendToRegisteredReaders(ReleaseSymbolsEvent event) {
        for (int reader : context.registeredReaders().keySet()) {
            context.sendEventToSourceReader(reader, event);
        }
    }

    /** Symbols released together, remembered until a checkpoint taken after the release completes. */
    private static final class Release {
        final Set<String> symbols;
        long checkpointId = Long.MAX_VALUE;

        Release(Set<String> symbols) {
            this.symbols = symbols;
        }
    }
}
