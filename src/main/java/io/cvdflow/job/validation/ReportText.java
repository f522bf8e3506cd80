package io.cvdflow.job.validation;

import io.cvdflow.job.validation.SuccessCriteria.Status;
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
        double[] p2 = p.p2Summary();
        double[] p3 = p.p3Summary();
        String s = String.format(Locale.ROOT, "P(|Z|>2) mean %s, range %s to %s; P(|Z|>3) mean %s, range %s to %s; "
                        + "symbols passed: %d of %d",
                SuccessCriteria.percent(p2[0]), SuccessCriteria.percent(p2[1]), SuccessCriteria.percent(p2[2]),
                SuccessCriteria.percent(p3[0]), SuccessCriteria.percent(p3[1]), SuccessCriteria.percent(p3[2]),
                p.passed(), p.judged().size());
        if (p.pooledThin() != null) {
            s += String.format(Locale.ROOT, "; %s (%s, %,d samples): %s", ProfileValidation.POOLED_THIN,
                    p.pooledThin().id().symbol(), p.pooledThin().samples(), p.pooledThinVerdict().status());
        }
        return s + ".";
    }

    static String status(Verdict v) {
        return v.status() == Status.THIN ? "thin" : v.describe();
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
        notes.add(String.format(Locale.ROOT, "thin: a series with fewer than %,d Z values is not judged alone (one "
                + "exceedance in 100 samples moves P(|Z|>2) by a whole point); the thin series of a profile are judged "
                + "pooled.", minSamples));
        notes.add("The summary's mean and range are over the series judged alone.");
        return notes;
    }
}
