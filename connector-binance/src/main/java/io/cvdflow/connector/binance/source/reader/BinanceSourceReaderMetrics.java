package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.TradeGap;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The live source's metrics in the reader's metric group: totals, per symbol ({@code symbol=<S>}) and per
 * connection ({@code connection=<id>}). Per-symbol and per-connection groups are created when a symbol or
 * connection appears and closed when it goes, so that discovery over hundreds of symbols does not leak metrics.
 */
@Internal
public final class BinanceSourceReaderMetrics {
    static final int LAG_HISTOGRAM_WINDOW = 1024;

    private final MetricGroup group;
    private final Counter tradesEmitted;
    private final Counter duplicatesDropped;
    private final Counter gaps;
    private final Counter backfilledTrades;
    private final Counter unrecoverableTrades;
    private final Counter framesReceived;
    private final Counter reconnects;
    private final Counter rotations;
    private final Counter stalls;
    private final Counter silentConnections;
    private final Counter parseErrors;
    private final Counter framesIgnored;
    private final Counter restRequests;
    private final Counter restThrottled;
    private final Counter restFailures;
    private final Histogram receiveLagMs;
    private final AtomicInteger restUsedWeight = new AtomicInteger();
    private final Map<RejectReason, Counter> parseErrorsByReason = new EnumMap<>(RejectReason.class);

    public BinanceSourceReaderMetrics(MetricGroup group) {
        this.group = group;
        this.tradesEmitted = group.counter("tradesEmitted");
        this.duplicatesDropped = group.counter("duplicatesDropped");
        this.gaps = group.counter("gaps");
        this.backfilledTrades = group.counter("backfilledTrades");
        this.unrecoverableTrades = group.counter("unrecoverableTrades");
        this.framesReceived = group.counter("framesReceived");
        this.reconnects = group.counter("reconnects");
        this.rotations = group.counter("rotations");
        this.stalls = group.counter("stalls");
        this.silentConnections = group.counter("silentConnections");
        this.parseErrors = group.counter("parseErrors");
        this.framesIgnored = group.counter("framesIgnored");
        this.restRequests = group.counter("restRequests");
        this.restThrottled = group.counter("restThrottled");
        this.restFailures = group.counter("restFailures");
        this.receiveLagMs = group.histogram("receiveLagMs", new DescriptiveStatisticsHistogram(LAG_HISTOGRAM_WINDOW));
        group.gauge("restUsedWeight", restUsedWeight::get);
    }

    public void registerPendingFrames(IntSupplier pending) {
        group.gauge("pendingFrames", pending::getAsInt);
    }

    public SymbolMetrics symbol(String symbol) {
        return new SymbolMetrics(group.addGroup("symbol", symbol));
    }

    public ConnectionMetrics connection(int id) {
        return new ConnectionMetrics(group.addGroup("connection", Integer.toString(id)));
    }

    public void parseError(RejectReason reason) {
        parseErrors.inc();
        parseErrorsByReason
                .computeIfAbsent(reason, r -> group.addGroup("reason", r.name()).counter("parseErrors"))
                .inc();
    }

    /** A trade frame of a stream this reader does not (or no longer) carry, such as one in flight at release. */
    public void frameIgnored() {
        framesIgnored.inc();
    }

    public void restRequest() {
        restRequests.inc();
    }

    public void restThrottle() {
        restThrottled.inc();
    }

    public void restFailure() {
        restFailures.inc();
    }

    public void restUsedWeight(int weight) {
        restUsedWeight.set(weight);
    }

    public long tradesEmitted() {
        return tradesEmitted.getCount();
    }

    public long duplicatesDropped() {
        return duplicatesDropped.getCount();
    }

    public long gaps() {
        return gaps.getCount();
    }

    public long backfilledTrades() {
        return backfilledTrades.getCount();
    }

    public long unrecoverableTrades() {
        return unrecoverableTrades.getCount();
    }

    public long framesReceived() {
        return framesReceived.getCount();
    }

    public long reconnects() {
        return reconnects.getCount();
    }

    public long rotations() {
        return rotations.getCount();
    }

    public long stalls() {
        return stalls.getCount();
    }

    public long silentConnections() {
        return silentConnections.getCount();
    }

    public long parseErrors() {
        return parseErrors.getCount();
    }

    public long parseErrors(RejectReason reason) {
        Counter c = parseErrorsByReason.get(reason);
        return c == null ? 0 : c.getCount();
    }

    public long restRequests() {
        return restRequests.getCount();
    }

    public long restThrottled() {
        return restThrottled.getCount();
    }

    public Histogram receiveLagMs() {
        return receiveLagMs;
    }

    /** Unregisters a group's metrics; a closed group is replaced when the same name is added again. */
    static void close(MetricGroup group) {
        if (group instanceof AbstractMetricGroup) {
            ((AbstractMetricGroup<?>) group).close();
        }
    }

    /** Metrics of one symbol; they also feed the reader's totals. */
    public final class SymbolMetrics implements SymbolStream.Counters {
        private final MetricGroup symbolGroup;
        private final Counter emitted;
        private final Counter duplicates;
        private final Counter symbolGaps;
        private final Counter backfilled;
        private final Counter unrecoverable;

        SymbolMetrics(MetricGroup symbolGroup) {
            this.symbolGroup = symbolGroup;
            this.emitted = symbolGroup.counter("tradesEmitted");
            this.duplicates = symbolGroup.counter("duplicatesDropped");
            this.symbolGaps = symbolGroup.counter("gaps");
            this.backfilled = symbolGroup.counter("backfilledTrades");
            this.unrecoverable = symbolGroup.counter("unrecoverableTrades");
        }

        @Override
        public void emitted() {
            emitted.inc();
            tradesEmitted.inc();
        }

        @Override
        public void backfilled() {
            backfilled.inc();
            backfilledTrades.inc();
        }

        @Override
        public void duplicateDropped() {
            duplicates.inc();
            duplicatesDropped.inc();
        }

        @Override
        public void gap(TradeGap gap) {
            symbolGaps.inc();
            gaps.inc();
            if (gap.status == GapStatus.UNRECOVERABLE) {
                unrecoverable.inc(gap.missingCount());
                unrecoverableTrades.inc(gap.missingCount());
            }
        }

        public void close() {
            BinanceSourceReaderMetrics.close(symbolGroup);
        }
    }

    /** Metrics of one logical connection (it keeps its ID across reconnects and rotations). */
    public final class ConnectionMetrics {
        private final MetricGroup connectionGroup;
        private final Counter frames;
        private final Counter connectionReconnects;
        private final Counter connectionRotations;
        private final Counter connectionStalls;
        private final Histogram lag;

        ConnectionMetrics(MetricGroup connectionGroup) {
            this.connectionGroup = connectionGroup;
            this.frames = connectionGroup.counter("framesReceived");
            this.connectionReconnects = connectionGroup.counter("reconnects");
            this.connectionRotations = connectionGroup.counter("rotations");
            this.connectionStalls = connectionGroup.counter("stalls");
            this.lag = connectionGroup.histogram(
                    "receiveLagMs", new DescriptiveStatisticsHistogram(LAG_HISTOGRAM_WINDOW));
        }

        public void registerStreams(IntSupplier streams) {
            connectionGroup.gauge("streams", streams::getAsInt);
        }

        public void frame() {
            frames.inc();
            framesReceived.inc();
        }

        public void receiveLag(long lagMs) {
            lag.update(lagMs);
            receiveLagMs.update(lagMs);
        }

        public void reconnect() {
            connectionReconnects.inc();
            reconnects.inc();
        }

        public void rotation() {
            connectionRotations.inc();
            rotations.inc();
        }

        public void stall() {
            connectionStalls.inc();
            stalls.inc();
        }

        public void silentConnection() {
            silentConnections.inc();
        }

        public void close() {
            BinanceSourceReaderMetrics.close(connectionGroup);
        }
    }
}
