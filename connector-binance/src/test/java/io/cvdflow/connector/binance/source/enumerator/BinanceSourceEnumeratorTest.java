package io.cvdflow.connector.binance.source.enumerator;

import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Assignment and discovery, with the symbols of the recorded futures feed. */
class BinanceSourceEnumeratorTest {
    private static final List<String> SYMBOLS = List.of("SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "CHRUSDT");

    private final TestingSplitEnumeratorContext<BinanceSymbolSplit> context = new TestingSplitEnumeratorContext<>(2);
    private final ChangingDiscovery discovery = new ChangingDiscovery(SYMBOLS);

    private BinanceSourceEnumerator enumerator(BinanceEnumState state) {
        return new BinanceSourceEnumerator(context, discovery, StreamType.AGG_TRADE, 1_000, state);
    }

    @Test
    void assignsEverySymbolOnceToItsStableOwner() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        e.start();
        context.registerReader(0, "localhost");
        e.addReader(0);
        context.triggerAllActions();
        // reader 1 is not registered yet: its splits wait
        assertThat(symbolsOf(0)).allMatch(s -> BinanceSourceEnumerator.owner(s, 2) == 0);
        context.registerReader(1, "localhost");
        e.addReader(1);
        assertThat(symbolsOf(1)).allMatch(s -> BinanceSourceEnumerator.owner(s, 2) == 1);

        List<String> all = new ArrayList<>(symbolsOf(0));
        all.addAll(symbolsOf(1));
        assertThat(all).containsExactlyInAnyOrderElementsOf(SYMBOLS);
        assertThat(context.getSplitAssignments().values().stream().flatMap(a -> a.getAssignedSplits().stream()))
                .allMatch(s -> s.lastEmittedId() == BinanceSymbolSplit.NONE && s.streamType() == StreamType.AGG_TRADE);
        assertThat(e.snapshotState(1).assignedSymbols()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
        assertThat(e.snapshotState(1).pendingSplits()).isEmpty();

        context.triggerAllActions();
        assertThat(symbolsOf(0).size() + symbolsOf(1).size()).isEqualTo(SYMBOLS.size());
    }

    @Test
    void newSymbolsAreAssignedAndRemovedOnesReleased() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        registerBoth(e);
        e.start();
        context.triggerAllActions();

        discovery.symbols = new LinkedHashSet<>(List.of("SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "BTCUSDT"));
        context.triggerAllActions();

        int owner = BinanceSourceEnumerator.owner("BTCUSDT", 2);
        assertThat(symbolsOf(owner)).contains("BTCUSDT");
        assertThat(releasesTo(0)).containsExactly(Set.of("CHRUSDT"));
        assertThat(releasesTo(1)).containsExactly(Set.of("CHRUSDT"));
        assertThat(e.snapshotState(2).assignedSymbols()).containsExactlyInAnyOrder(
                "SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "BTCUSDT");
    }

    @Test
    void aFailedOrEmptyDiscoveryKeepsTheCurrentSymbols() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        registerBoth(e);
        e.start();
        context.triggerAllActions();
        discovery.failure = new java.io.IOException("exchangeInfo answered HTTP 503");
        context.triggerAllActions();
        discovery.failure = null;
        discovery.symbols = Set.of();
        context.triggerAllActions();
        assertThat(context.getSentEvents()).isEmpty();
        assertThat(e.snapshotState(3).assignedSymbols()).containsExactlyInAnyOrderElementsOf(SYMBOLS);
    }

    @Test
    void splitsBackFromAFailedReaderKeepTheirPositionAndReturnToIt() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        registerBoth(e);
        e.start();
        context.triggerAllActions();
        BinanceSymbolSplit split = context.getSplitAssignments().get(0).getAssignedSplits().get(0);
        BinanceSymbolSplit advanced = new BinanceSymbolSplit(split.symbol(), split.streamType(), 777, 1);

        e.addSplitsBack(List.of(advanced), 0);

        List<BinanceSymbolSplit> assigned = context.getSplitAssignments().get(0).getAssignedSplits();
        assertThat(assigned.get(assigned.size() - 1)).isEqualTo(advanced);
    }

    @Test
    void pendingSplitsSurviveACheckpoint() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        e.start();
        context.triggerAllActions();
        BinanceEnumState state = e.snapshotState(1);
        assertThat(state.assignedSymbols()).isEmpty();
        assertThat(state.pendingSplits()).extracting(BinanceSymbolSplit::symbol)
                .containsExactlyInAnyOrderElementsOf(SYMBOLS);

        TestingSplitEnumeratorContext<BinanceSymbolSplit> restoredContext = new TestingSplitEnumeratorContext<>(2);
        BinanceSourceEnumerator restored = new BinanceSourceEnumerator(restoredContext, new ChangingDiscovery(SYMBOLS),
                StreamType.AGG_TRADE, 1_000, state);
        restoredContext.registerReader(0, "localhost");
        restoredContext.registerReader(1, "localhost");
        restored.addReader(0);
        restored.addReader(1);
        assertThat(restoredContext.getSplitAssignments().values().stream()
                .mapToInt(a -> a.getAssignedSplits().size()).sum()).isEqualTo(SYMBOLS.size());
    }

    @Test
    void aReleaseIsResentToARestartedReaderUntilACheckpointAfterItCompletes() {
        BinanceSourceEnumerator e = enumerator(BinanceEnumState.empty());
        registerBoth(e);
        e.start();
        context.triggerAllActions();
        discovery.symbols = new LinkedHashSet<>(SYMBOLS.subList(0, 4));
        context.triggerAllActions();
        assertThat(releasesTo(0)).hasSize(1);

        e.addReader(0);
        assertThat(releasesTo(0)).hasSize(2);
        e.snapshotState(5);
        e.notifyCheckpointComplete(5);
        e.addReader(0);
        assertThat(releasesTo(0)).hasSize(2);
    }

    private void registerBoth(BinanceSourceEnumerator e) {
        context.registerReader(0, "localhost");
        context.registerReader(1, "localhost");
        e.addReader(0);
        e.addReader(1);
    }

    private List<String> symbolsOf(int reader) {
        TestingSplitEnumeratorContext.SplitAssignmentState<BinanceSymbolSplit> state =
                context.getSplitAssignments().get(reader);
        return state == null ? List.of()
                : state.getAssignedSplits().stream().map(BinanceSymbolSplit::symbol).collect(Collectors.toList());
    }

    private List<Set<String>> releasesTo(int reader) {
        List<SourceEvent> events = context.getSentEvents().getOrDefault(reader, List.of());
        return events.stream().map(ev -> ((ReleaseSymbolsEvent) ev).symbols()).collect(Collectors.toList());
    }

    /** Discovery whose answer the test changes. */
    static final class ChangingDiscovery implements SymbolDiscovery {
        volatile Set<String> symbols;
        volatile Exception failure;

        ChangingDiscovery(List<String> symbols) {
            this.symbols = new LinkedHashSet<>(symbols);
        }

        @Override
        public Set<String> discover() throws Exception {
            if (failure != null) {
                throw failure;
            }
            return symbols;
        }

        @Override
        public boolean isDynamic() {
            return true;
        }
    }
}
