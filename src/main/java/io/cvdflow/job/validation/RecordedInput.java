package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Recorded files replayed through {@link RecordedTradeSource}, one job run per run of a {@link RecordingPlan}. */
public final class RecordedInput implements ValidationInput {
    private final List<Path> inputs;
    private final RecordingPlan plan;
    private final RecordingPlan.Grouping grouping;
    private final Set<String> symbols;
    private final double speed;

    /**
     * @param symbols only these symbols, or empty for all
     * @param speed the recorded pace times this, or 0 for full speed
     */
    public RecordedInput(List<Path> inputs, Set<String> symbols, RecordingPlan.Grouping grouping, double speed)
            throws IOException {
        if (speed < 0 || Double.isInfinite(speed) || Double.isNaN(speed)) {
            throw new IllegalArgumentException("speed must be 0 (full speed) or positive: " + speed);
        }
        this.inputs = List.copyOf(inputs);
        this.symbols = Set.copyOf(symbols);
        this.grouping = grouping;
        this.speed = speed;
        this.plan = RecordingPlan.of(inputs, symbols, grouping);
        if (plan.runs().isEmpty()) {
            throw new IllegalArgumentException("no trades found in " + inputs
                    + (symbols.isEmpty() ? "" : " for symbols " + symbols));
        }
    }

    @Override
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        int n = plan.runs().size();
        for (int i = 0; i < n; i++) {
            RecordingPlan.Run r = plan.runs().get(i);
            RecordedTradeSourceBuilder source = RecordedTradeSource.builder().paths(r.files().toArray(new Path[0]));
            if (speed > 0) {
                source.recordedPace(speed);
            }
            if (!symbols.isEmpty()) {
                source.symbols(symbols.toArray(new String[0]));
            }
            Map<String, SeriesId> series = r.seriesBySymbol();
            String name = n == 1 ? "recordings" : "recordings, run " + (i + 1) + " of " + n;
            runs.add(new Run(name, source.build(),
                    symbol -> series.getOrDefault(symbol, new SeriesId(name, symbol)), null));
        }
        return runs;
    }

    @Override
    public long expectedTrades() {
        return plan.totalTrades();
    }

    @Override
    public String describe() {
        int files = plan.runs().stream().mapToInt(r -> r.files().size()).sum();
        return inputs.stream().map(Path::toString).collect(Collectors.joining(", ")) + " (" + files + " file"
                + (files == 1 ? "" : "s") + ", " + String.format(Locale.ROOT, "%,d", plan.totalTrades()) + " trades, "
                + (grouping == RecordingPlan.Grouping.PER_FILE ? "each file a recording of its own, in "
                        + plan.runs().size() + " job run" + (plan.runs().size() == 1 ? "" : "s") + " per profile"
                        : "all files one recording") + ")";
    }

    @Override
    public boolean livePace() {
        return speed > 0;
    }

    @Override
    public String pace() {
        return speed > 0 ? "replay at " + speed + "x the recorded pace" : "replay at full speed";
    }
}
