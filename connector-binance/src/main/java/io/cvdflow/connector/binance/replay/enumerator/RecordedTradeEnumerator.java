package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.util.FlinkRuntimeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans the recordings once (off the coordinator thread), then gives every split to a fixed owner, split
 * {@code i} to reader {@code i mod parallelism}, so that a paced replay plays all symbols side by side. Readers
 * learn there are no more splits once theirs are assigned: the source is bounded.
 */
@Internal
public final class RecordedTradeEnumerator implements SplitEnumerator<RecordingSplit, RecordedTradeEnumState> {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedTradeEnumerator.class);

    private final SplitEnumeratorContext<RecordingSplit> context;
    private final RecordingSplitPlanner planner;
    private final List<RecordingSplit> unassigned;
    private final Set<Integer> signalled = new HashSet<>();
    private boolean planned;

    public RecordedTradeEnumerator(
            SplitEnumeratorContext<RecordingSplit> context, RecordingSplitPlanner planner,
            RecordedTradeEnumState restored) {
        this.context = context;
        this.planner = planner;
        this.planned = restored.planned();
        this.unassigned = new ArrayList<>(restored.unassigned());
    }

    @Override
    public void start() {
        if (!planned) {
            context.callAsync(planner::plan, this::onPlanned);
        }
    }

    private void onPlanned(List<RecordingSplit> splits, Throwable error) {
        if (error != null) {
            throw new FlinkRuntimeException("cannot plan the recordings to replay", error);
        }
        LOG.info("Replaying {} splits: {}", splits.size(), splits);
        unassigned.addAll(splits);
        planned = true;
        assign();
    }

    private void assign() {
        if (!planned) {
            return;
        }
        int parallelism = context.currentParallelism();
        Map<Integer, List<RecordingSplit>> assignment = new HashMap<>();
        for (Iterator<RecordingSplit> it = unassigned.iterator(); it.hasNext(); ) {
            RecordingSplit split = it.next();
            int owner = ownerOf(split, parallelism);
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, o -> new ArrayList<>()).add(split);
                it.remove();
            }
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
        for (int reader : context.registeredReaders().keySet()) {
            if (!signalled.contains(reader) && unassigned.stream().noneMatch(s -> ownerOf(s, parallelism) == reader)) {
                context.signalNoMoreSplits(reader);
                signalled.add(reader);
            }
        }
    }

    static int ownerOf(RecordingSplit split, int parallelism) {
        String id = split.splitId();
        int index = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        return index % parallelism;
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // splits are pushed to their owners
    }

    @Override
    public void addSplitsBack(List<RecordingSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        signalled.remove(subtaskId);
        assign();
    }

    @Override
    public void addReader(int subtaskId) {
        signalled.remove(subtaskId);
        assign();
    }

    @Override
    public RecordedTradeEnumState snapshotState(long checkpointId) {
        return new RecordedTradeEnumState(planned, unassigned);
    }

    @Override
    public void close() {}
}
