package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.util.List;

/** A snapshot of one WebSocket connection, for assertions. */
public final class ConnectionStats {
    /** Connection number, from 1 in order of opening. */
    public final long id;
    /** Path and query as the client sent them, for example {@code /market/stream?streams=btcusdt@aggTrade}. */
    public final String resource;
    /** False for URLs without the {@code /market} route, which never carry trades. */
    public final boolean routed;
    /** Combined ({@code /stream}, enveloped frames) rather than raw ({@code /ws}). */
    public final boolean combined;
    public final List<String> streams;
    public final boolean open;
    public final boolean stalled;
    public final long tradeFramesSent;
    public final long framesWithheld;
    public final long messagesReceived;
    public final long pingsSent;
    public final long pongsReceived;
    /** Null while open. */
    public final CloseCause closeCause;
    /** WebSocket close code, or -1 while open. */
    public final int closeCode;

    ConnectionStats(long id, String resource, boolean routed, boolean combined, List<String> streams, boolean open,
            boolean stalled, long tradeFramesSent, long framesWithheld, long messagesReceived, long pingsSent,
            long pongsReceived, CloseCause closeCause, int closeCode) {
        this.id = id;
        this.resource = resource;
        this.routed = routed;
        this.combined = combined;
        this.streams = List.copyOf(streams);
        this.open = open;
        this.stalled = stalled;
        this.tradeFramesSent = tradeFramesSent;
        this.framesWithheld = framesWithheld;
        this.messagesReceived = messagesReceived;
        this.pingsSent = pingsSent;
        this.pongsReceived = pongsReceived;
        this.closeCause = closeCause;
        this.closeCode = closeCode;
    }

    @Override
    public String toString() {
        return "conn-" + id + " " + resource + (routed ? "" : " (unrouted)") + (open ? " open" : " closed " + closeCause
                + " " + closeCode) + " streams=" + streams.size() + " frames=" + tradeFramesSent + " withheld="
                + framesWithheld + " in=" + messagesReceived;
    }
}
