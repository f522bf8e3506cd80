package io.cvdflow.job.validation.sweep;

import static io.cvdflow.job.validation.SuccessCriteria.percent;

import io.cvdflow.job.validation.sweep.SweepRanking.Ranked;
import io.cvdflow.job.validation.sweep.SweepRanking.SeriesTails;

import java.util.List;
import java.util.Locale;

/** A sweep's ranking as a Markdown table. */
public final class RankingTable {
    private RankingTable() {}

    /** The first {@code top} points of {@code ranked} (best first); {@code keys} are the grid's parameters. */
    public static String render(List<Ranked> ranked, List<String> keys, int top) {
        StringBuilder t = new StringBuilder("| rank |");
        keys.forEach(k -> t.append(' ').append(k).append(" |"));
        t.append(" distance | worst series: P(\\|Z\\|>2) / P(\\|Z\\|>3) | series meeting the targets "
                + "| P(\\|Z\\|>2) range | largest P(\\|Z\\|>3) |\n|---:|");
        keys.forEach(k -> t.append("---:|"));
        t.append("---:|---|---:|---:|---:|\n");
        for (int i = 0; i < Math.min(top, ranked.size()); i++) {
            Ranked r = ranked.get(i);
            t.append("| ").append(i + 1).append(" |");
            keys.forEach(k -> t.append(' ').append(r.point().values().get(k)).append(" |"));
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double p3 = Double.NEGATIVE_INFINITY;
            for (SeriesTails s : r.judged()) {
                lo = Math.min(lo, s.p2());
                hi = Math.max(hi, s.p2());
                p3 = Math.max(p3, s.p3());
            }
            SeriesTails w = r.worst();
            t.append(String.format(Locale.ROOT, " %.2f | %s | %d of %d | %s | %s |%n", r.distance(),
                    w == null ? "n/a" : String.format(Locale.ROOT, "%s: %s / %s", w.id().label(), percent(w.p2()), percent(w.p3())),
                    r.meeting(), r.judged().size(),
                    r.judged().isEmpty() ? "n/a" : percent(lo) + " to " + percent(hi),
                    r.judged().isEmpty() ? "n/a" : percent(p3)));
        }
        return t.toString();
    }
}
