package io.cvdflow.job.validation;

import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.validation.SuccessCriteria.Status;
import io.cvdflow.job.validation.SuccessCriteria.Verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One profile's validation: every series judged, the thin series pooled, and the seed's summary over the series
 * judged alone: mean and range of both tail ratios, and how many passed.
 */
public final class ProfileValidation {
    /** Label of the pooled thin series. */
    public static final String POOLED_THIN = "thin series pooled";

    private final String profile;
    private final EstimatorParameters parameters;
    private final SuccessCriteria criteria;
    private final List<SeriesStatistics> series;
    private final Map<SeriesId, Verdict> verdicts = new LinkedHashMap<>();
    private final SeriesStatistics pooledThin;
    private final Verdict pooledThinVerdict;

    public ProfileValidation(String profile, EstimatorParameters parameters, SuccessCriteria criteria,
            List<SeriesStatistics> series) {
        this.profile = profile;
        this.parameters = parameters;
        this.criteria = criteria;
        List<SeriesStatistics> sorted = new ArrayList<>(series);
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        this.series = Collections.unmodifiableList(sorted);
        List<SeriesStatistics> thin = new ArrayList<>();
        for (SeriesStatistics s : sorted) {
            Verdict v = criteria.judge(s, false);
            verdicts.put(s.id(), v);
            if (v.status() == Status.THIN) {
                thin.add(s);
            }
        }
        if (thin.isEmpty()) {
            pooledThin = null;
            pooledThinVerdict = null;
        } else {
            pooledThin = SeriesStatistics.pooled(new SeriesId(POOLED_THIN, thin.size() + " series"), thin);
            pooledThinVerdict = criteria.judge(pooledThin, true);
        }
    }

    public String profile() {
        return profile;
    }

    public EstimatorParameters parameters() {
        return parameters;
    }

    public SuccessCriteria criteria() {
        return criteria;
    }

    /** Every series, in recording and symbol order. */
    public List<SeriesStatistics> series() {
        return series;
    }

    public Verdict verdict(SeriesId id) {
        return verdicts.get(id);
    }

    /** The thin series taken together, or null when there is none. */
    public SeriesStatistics pooledThin() {
        return pooledThin;
    }

    public Verdict pooledThinVerdict() {
        return pooledThinVerdict;
    }

    /** The series with enough samples to be judged alone. */
    public List<SeriesStatistics> judged() {
        List<SeriesStatistics> judged = new ArrayList<>();
        for (SeriesStatistics s : series) {
            if (verdicts.get(s.id()).status() != Status.THIN) {
                judged.add(s);
            }
        }
        return judged;
    }

    public long passed() {
        return verdicts.values().stream().filter(v -> v.status() == Status.PASS).count();
    }

    /** Whether every judged series and the pooled thin series pass. */
    public boolean allPass() {
        return passed() == judged().size() && (pooledThinVerdict == null || pooledThinVerdict.status() == Status.PASS);
    }

    /** Mean, smallest and largest P(|Z| &gt; 2) over the judged series (NaN when none). */
    public double[] p2Summary() {
        return summary(true);
    }

    /** Mean, smallest and largest P(|Z| &gt; 3) over the judged series (NaN when none). */
    public double[] p3Summary() {
        return summary(false);
    }

    private double[] summary(boolean p2) {
        List<SeriesStatistics> judged = judged();
        if (judged.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SeriesStatistics s : judged) {
            double v = p2 ? s.tailP2() : s.tailP3();
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {sum / judged.size(), min, max};
    }
}
