package io.cvdflow.job.bench;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a completed checkpoint holds, per operator, read from its {@code _metadata}: the keyed state's bytes and
 * everything else (operator, coordinator and channel state). The keyed bytes are what the state backend's snapshot
 * wrote, every key, namespace and value through its Flink {@code TypeSerializer}. A keyed snapshot records where
 * each key group starts, so the bytes of a key group with one symbol in it, less the framing an empty key group
 * takes, are that symbol's state in the operator.
 */
final class CheckpointSizes {
    final long checkpointId;
    final List<OperatorSizes> operators = new ArrayList<>();
    /** Symbols alone in their key group: their bytes summed over the keyed operators. */
    private final Map<String, Long> alone = new LinkedHashMap<>();

    private CheckpointSizes(long checkpointId) {
        this.checkpointId = checkpointId;
    }

    /** Reads the checkpoint at {@code externalPath} (a directory with {@code _metadata}). */
    static CheckpointSizes load(String externalPath, List<String> symbols, int maxParallelism) throws IOException {
        org.apache.flink.core.fs.Path metadata = new org.apache.flink.core.fs.Path(externalPath, "_metadata");
        try (DataInputStream in = new DataInputStream(metadata.getFileSystem().open(metadata))) {
            return of(Checkpoints.loadCheckpointMetadata(in, CheckpointSizes.class.getClassLoader(), externalPath),
                    symbols, maxParallelism);
        }
    }

    static CheckpointSizes of(CheckpointMetadata metadata, List<String> symbols, int maxParallelism) {
        Map<Integer, List<String>> symbolsByGroup = new HashMap<>();
        for (String s : symbols) {
            symbolsByGroup.computeIfAbsent(KeyGroupRangeAssignment.assignToKeyGroup(s, maxParallelism),
                    g -> new ArrayList<>()).add(s);
        }
        CheckpointSizes sizes = new CheckpointSizes(metadata.getCheckpointId());
        for (OperatorState op : metadata.getOperatorStates()) {
            long[] groups = new long[maxParallelism];
            Arrays.fill(groups, -1);
            long keyed = 0;
            for (OperatorSubtaskState subtask : op.getStates()) {
                for (KeyedStateHandle h : (Iterable<KeyedStateHandle>) Stream.concat(
                        subtask.getManagedKeyedState().stream(), subtask.getRawKeyedState().stream())::iterator) {
                    keyed += h.getStateSize();
                    if (h instanceof KeyGroupsStateHandle) {
                        keyGroupBytes((KeyGroupsStateHandle) h, groups);
                    }
                }
            }
            OperatorSizes o = new OperatorSizes(name(op), keyed, op.getStateSize() - keyed);
            if (keyed > 0) {
                long framing = Long.MAX_VALUE;
                for (int g = 0; g < groups.length; g++) {
                    if (groups[g] >= 0 && !symbolsByGroup.containsKey(g)) {
                        framing = Math.min(framing, groups[g]);
                    }
                }
                o.emptyKeyGroupBytes = framing == Long.MAX_VALUE ? 0 : framing;
                for (Map.Entry<Integer, List<String>> e : symbolsByGroup.entrySet()) {
                    if (e.getValue().size() == 1 && groups[e.getKey()] >= 0) {
                        long bytes = groups[e.getKey()] - o.emptyKeyGroupBytes;
                        o.alone.put(e.getValue().get(0), bytes);
                        sizes.alone.merge(e.getValue().get(0), bytes, Long::sum);
                    }
                }
            }
            sizes.operators.add(o);
        }
        return sizes;
    }

    /** Each key group's bytes in the handle's stream: from its offset to the next group's, or to the end. */
    static void keyGroupBytes(KeyGroupsStateHandle handle, long[] groups) {
        KeyGroupRange range = handle.getKeyGroupRange();
        long end = handle.getDelegateStateHandle().getStateSize();
        for (int g = range.getEndKeyGroup(); g >= range.getStartKeyGroup(); g--) {
            long start = handle.getOffsetForKeyGroup(g);
            groups[g] = end - start;
            end = start;
        }
    }

    long total() {
        return operators.stream().mapToLong(o -> o.keyed + o.other).sum();
    }

    /** Symbols alone in their key group and their bytes over all keyed operators. */
    Map<String, Long> aloneBytes() {
        return alone;
    }

    void print(int symbols) {
        System.out.printf(Locale.ROOT, "  %-46s %12s %12s %16s %24s%n", "operator (uid or name)", "keyed state",
                "other state", "keyed / symbol", "one symbol: median, max");
        for (OperatorSizes o : operators) {
            if (o.keyed + o.other == 0) {
                continue;
            }
            String alone = "";
            if (!o.alone.isEmpty()) {
                long[] v = o.alone.values().stream().mapToLong(Long::longValue).sorted().toArray();
                alone = ScaleBenchmark.bytes(v[v.length / 2]) + ", " + ScaleBenchmark.bytes(v[v.length - 1]);
            }
            System.out.printf(Locale.ROOT, "  %-46s %12s %12s %16s %24s%n", o.name, ScaleBenchmark.bytes(o.keyed),
                    ScaleBenchmark.bytes(o.other), o.keyed > 0 ? ScaleBenchmark.bytes(o.keyed / (double) symbols) : "",
                    alone);
        }
        long[] v = alone.values().stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %-46s %12s %12s %16s %24s%n", "all operators, per symbol",
                "", "", ScaleBenchmark.bytes(total() / (double) symbols),
                v.length == 0 ? "" : ScaleBenchmark.bytes(v[v.length / 2]) + ", " + ScaleBenchmark.bytes(v[v.length - 1]));
        System.out.printf(Locale.ROOT, "  (%d of %d symbols alone in their key group; an empty key group's framing, "
                + "%s per keyed operator, is left out of their figures)%n", v.length, symbols,
                operators.stream().filter(o -> o.keyed > 0).map(o -> ScaleBenchmark.bytes(o.emptyKeyGroupBytes))
                        .distinct().reduce((a, b) -> a + "/" + b).orElse("none"));
    }

    private static String name(OperatorState op) {
        return op.getOperatorUid().filter(u -> !u.isEmpty())
                .or(op::getOperatorName)
                .orElse(op.getOperatorID().toString());
    }

    /** One operator's share of the checkpoint. */
    static final class OperatorSizes {
        final String name;
        final long keyed;
        final long other;
        long emptyKeyGroupBytes;
        final Map<String, Long> alone = new HashMap<>();

        OperatorSizes(String name, long keyed, long other) {
            this.name = name;
            this.keyed = keyed;
            this.other = other;
        }
    }
}
