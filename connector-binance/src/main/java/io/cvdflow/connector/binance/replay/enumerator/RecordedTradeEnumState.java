package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.annotation.Internal;

import java.util.List;

/** The enumerator's checkpoint: whether the recordings were planned, and the splits not yet assigned. */
@Internal
public final class RecordedTradeEnumState {
    private final boolean planned;
    private final List<RecordingSplit> unassigned;

    public RecordedTradeEnumState(boolean planned, List<RecordingSplit> unassigned) {
        this.planned = planned;
        this.unassigned = List.copyOf(unassigned);
    }

    public boolean planned() {
        return planned;
    }

    public List<RecordingSplit> unassigned() {
        return unassigned;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedTradeEnumState
                && planned == ((RecordedTradeEnumState) o).planned
                && unassigned.equals(((RecordedTradeEnumState) o).unassigned);
    }

    @Override
    public int hashCode() {
        return 31 * Boolean.hashCode(planned) + unassigned.hashCode();
    }

    @Override
    public String toString() {
        return "RecordedTradeEnumState{planned=" + planned + ", unassigned=" + unassigned + "}";
    }
}
