package io.cvdflow.job.validation;

import io.cvdflow.job.validation.SuccessCriteria.Basis;
import io.cvdflow.job.validation.SuccessCriteria.Verdict;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sentences both report formats share, as plain text. */
final class ReportText {
    private ReportText() {}

    static String overview(ValidationReport r, DateTimeFormatter when) {
        long series = r.profiles().isEmpty() ? 0 : r.profiles().get(0).series().size();
        return String.format(Locale.ROOT,
                "Run %s over %s; %d series (a symbol in a recording). The job (embedded Flink MiniCluster, "
                        + "parallelism %d, %s) produced %,d Z records for %d profile%s in %.1f s (%,.0f per second).",
                when.format(r.started()), r.input(), series, r.parallelism(), r.pace(), r.zRecords(),
                r.profiles().size(), r.profiles().size() == 1 ? "" : "s", r.elapsed().toMillis() / 1000.0,
                r.recordsPerSecond());
    }

    static String summary(ProfileValidation p) {
        List<SeriesStatistics> ample = p.withEnoughSamples();
        String s = String.format(Locale.ROOT, "P(|Z|>2) %s; P(|Z|>3) %s; symbols passed: %d of %d (%d by the exact test)",
                summary(ProfileValidation.p2Summary(p.series()), ProfileValidation.p2Summary(ample), p, ample.size()),
                summary(ProfileValidation.p3Summary(p.series()), ProfileValidation.p3Summary(ample), p, ample.size()),
                p.passed(), p.series().size(), p.passedByExactTest());
        if (p.pooledThin() != null) {
            s += String.format(Locale.ROOT, "; %s (%s, %,d samples): %s", ProfileValidation.POOLED_THIN,
                    p.pooledThin().id().symbol(), p.pooledThin().samples(), p.pooledThinVerdict().status());
        }
        return s + ".";
    }

    private static String summary(double[] all, double[] ample, ProfileValidation p, int ampleCount) {
        String s = String.format(Locale.ROOT, "mean %s, range %s to %s over all %d series", SuccessCriteria.percent(all[0]),
                SuccessCriteria.percent(all[1]), SuccessCriteria.percent(all[2]), p.series().size());
        if (ampleCount == p.series().size() || ampleCount == 0) {
            return s;
        }
        return s + String.format(Locale.ROOT, " (mean %s, range %s to %s over the %d with %,d Z values or more)",
                SuccessCriteria.percent(ample[0]), SuccessCriteria.percent(ample[1]), SuccessCriteria.percent(ample[2]),
                ampleCount, p.criteria().minSamples());
    }

    static String judgedBy(Verdict v) {
        return v.basis() == Basis.RATIOS ? "ratios" : "exact test";
    }

    /** An interval's ends in percent, for example {@code 4.31–5.82%}. */
    static String bounds(double[] lowHigh) {
        return String.format(Locale.ROOT, "%.2f\u2013%.2f%%", 100 * lowHigh[0], 100 * lowHigh[1]);
    }

    /** A tail ratio with its count, for example {@code 5.04% (251)}. */
    static String ratio(double fraction, long count) {
        return SuccessCriteria.percent(fraction) + String.format(Locale.ROOT, " (%,d)", count);
    }

    static String millis(double ms) {
        return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
    }

    static List<String> notes(ValidationReport r) {
        int minSamples = r.profiles().isEmpty() ? SuccessCriteria.DEFAULT_MIN_SAMPLES
                : r.profiles().get(0).criteria().minSamples();
        List<String> notes = new ArrayList<>();
        notes.add("samples: Z values the job emitted (trades with a Z; warm-up and stale trades have none).");
        notes.add("active and quiet samples: the split of the job's own quality windows (60 s of event time): a "
                + "sample is active when its trades per second exceed the 0.60 quantile of the previous window's. The "
                + "first window of a series, and a window after a silent minute, have no threshold and count in "
                + "neither, so active + quiet can be less than samples.");
        notes.add("latency: wall clock from the trade's receipt (live: the frame's arrival; replay: the source's "
                + "hand-over to Flink, at recorded pace when the trade is due) to the Z's computation in the job, as "
                + "each Z record carries them. A replay at full speed saturates the job, so trades wait in its "
                + "buffers: its latency is shown but not judged.");
        notes.add("P(|Z|>2), P(|Z|>3): the share of the series' Z values above 2 and 3, with their count in brackets. "
                + "The 99% CI columns are the exact (Clopper-Pearson) intervals of those shares, as R's binom.test(count, "
                + "samples, conf.level = 0.99) gives them.");
        notes.add(String.format(Locale.ROOT, "judged by: a series with %,d Z values or more is judged by its ratios. "
                + "A thinner one cannot be: its binomial noise is wider than the goal's band (on 62 samples one standard "
                + "error of P(|Z|>2) is 2.6 points, and one exceedance moves it by 1.6), so it is judged by the exact test "
                + "of its counts: it misses a limit only when an exact two-sided binomial test at level 0.01 rejects "
                + "every rate the limit allows, that is when the 99%% CI lies wholly outside it. That test can pass a "
                + "thin series with few exceedances; it says the counts do not contradict the goal, not that they prove "
                + "it.", minSamples));
        notes.add("thin series pooled: the series judged by the exact test, taken together, judged the same way; it "
                + "counts towards a profile passing on every series, not among the symbols passed.");
        notes.add("The summary's mean and range are over the series' ratios, all of them and those with enough samples.");
        return notes;
    }
}
