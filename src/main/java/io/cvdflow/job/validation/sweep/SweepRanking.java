package io.cvdflow.job.validation.sweep;

import io.cvdflow.job.validation.SeriesId;
import io.cvdflow.job.validation.SuccessCriteria;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ranks the points of a sweep by their distance from the calibration targets (P(|Z| &gt; 2) within [3.5%, 6.5%],
 * P(|Z| &gt; 3) &lt;= 1%).
 *
 * <p>A series' distance, in percentage points, is {@code max(0, 3.5 - P2) + max(0, P2 - 6.5) + max(0, P3 - 1)}: 0
 * when it meets both targets. A point's distance is the largest over the series with at least {@code minSamples}
 * Z values and the thinner series pooled (see {@link SuccessCriteria}): the worst symbol decides, since the goal
 * holds on every symbol or not at all. Points at the same distance (all at 0, say) are ordered by their mean
 * deviation from a normal Z over the same series, {@code |P2 - 4.55| + |P3 - 0.27|}.
 */
public final class SweepRanking {
    public static final double NORMAL_P2 = 0.0455;
    public static final double NORMAL_P3 = 0.0027;

    /** The tail counts of one series at one point. */
    public record SeriesTails(SeriesId id, long samples, long above2, long above3) {
        public double p2() {
            return samples == 0 ? Double.NaN : (double) above2 / samples;
        }

        public double p3() {
            return samples == 0 ? Double.NaN : (double) above3 / samples;
        }

        /** Distance from the targets in percentage points (see the class comment). */
        public double distance() {
            return SweepRanking.distance(p2(), p3());
        }

        /** |P2 - 4.55%| + |P3 - 0.27%| in percentage points. */
        double deviation() {
            return 100 * (Math.abs(p2() - NORMAL_P2) + Math.abs(p3() - NORMAL_P3));
        }
    }

    /**
     * A ranked point.
     *
     * @param judged the series judged alone
     * @param pooledThin the thinner series pooled, or null when there is none
     * @param distance the point's distance (the worst series')
     * @param deviation mean deviation from a normal Z over the judged series and the pooled thin ones
     * @param worst the series with the largest distance
     */
    public record Ranked(GridPoint point, List<SeriesTails> judged, SeriesTails pooledThin, double distance,
            double deviation, SeriesTails worst) {
        /** How many of the judged series meet both targets. */
        public long meeting() {
            return judged.stream().filter(s -> s.distance() == 0).count();
        }
    }

    private SweepRanking() {}

    /** Distance of tail ratios (fractions) from the targets, in percentage points; infinite without a ratio. */
    public static double distance(double p2, double p3) {
        if (Double.isNaN(p2) || Double.isNaN(p3)) {
            return Double.POSITIVE_INFINITY;
        }
        return 100 * (Math.max(0, SuccessCriteria.GOAL_MIN_P2 - p2) + Math.max(0, p2 - SuccessCriteria.GOAL_MAX_P2)
                + Math.max(0, p3 - SuccessCriteria.GOAL_MAX_P3));
    }

    /**
     * @param tails each point's tails, by point index, every series once
     * @return the points, best first
     */
    public static List<Ranked> rank(List<GridPoint> points, Map<Integer, List<SeriesTails>> tails, int minSamples) {
        List<Ranked> ranked = new ArrayList<>();
        for (GridPoint point : points) {
            List<SeriesTails> judged = new ArrayList<>();
            long thinSamples = 0;
            long thin2 = 0;
            long thin3 = 0;
            int thinSeries = 0;
            for (SeriesTails s : tails.getOrDefault(point.index(), List.of())) {
                if (s.samples() >= minSamples) {
                    judged.add(s);
                } else {
                    thinSamples += s.samples();
                    thin2 += s.above2();
                    thin3 += s.above3();
                    thinSeries++;
                }
            }
            judged.sort(Comparator.comparing(SeriesTails::id));
            SeriesTails pooled = thinSeries == 0 ? null
                    : new SeriesTails(new SeriesId("thin series pooled", thinSeries + " series"), thinSamples, thin2, thin3);
            List<SeriesTails> all = new ArrayList<>(judged);
            if (pooled != null && pooled.samples() > 0) {
                all.add(pooled);
            }
            SeriesTails worst = null;
            double deviation = 0;
            for (SeriesTails s : all) {
                if (worst == null || s.distance() > worst.distance()) {
                    worst = s;
                }
                deviation += s.deviation();
            }
            ranked.add(new Ranked(point, Collections.unmodifiableList(judged), pooled,
                    worst == null ? Double.POSITIVE_INFINITY : worst.distance(),
                    all.isEmpty() ? Double.POSITIVE_INFINITY : deviation / all.size(), worst));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::distance).thenComparingDouble(Ranked::deviation)
                .thenComparingInt(r -> r.point().index()));
        return ranked;
    }

    /**
     * For each symbol with a series judged alone: the point that does best on that symbol (its largest distance
     * over the symbol's series), when it does strictly better there than {@code best}. Optional per-symbol
     * tuning; the calibration goal itself asks for no parameter tuned per symbol.
     *
     * @param ranked all points, best first
     */
    public static Map<String, Ranked> perSymbolBest(List<Ranked> ranked, Ranked best) {
        TreeSet<String> symbols = new TreeSet<>();
        best.judged().forEach(s -> symbols.add(s.id().symbol()));
        Map<String, Ranked> better = new LinkedHashMap<>();
        for (String symbol : symbols) {
            double bestThere = symbolDistance(best, symbol);
            Ranked winner = null;
            double winnerDistance = bestThere;
            for (Ranked r : ranked) {
                double d = symbolDistance(r, symbol);
                if (d < winnerDistance) {
                    winner = r;
                    winnerDistance = d;
                }
            }
            if (winner != null) {
                better.put(symbol, winner);
            }
        }
        return better;
    }

    /** The largest distance over a symbol's judged series at a point; infinite when it has none there. */
    public static double symbolDistance(Ranked r, String symbol) {
        double d = Double.NEGATIVE_INFINITY;
        for (SeriesTails s : r.judged()) {
            if (s.id().symbol().equals(symbol)) {
                d = Math.max(d, s.distance());
            }
        }
        return d == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : d;
    }
}
