package io.cvdflow.job.validation;

import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.validation.SuccessCriteria.Basis;
import io.cvdflow.job.validation.SuccessCriteria.Status;
import io.cvdflow.job.validation.SuccessCriteria.Verdict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One profile's validation: a verdict for every series (by its tail ratios, or by the exact test of its counts when
 * it has too few samples; see {@link SuccessCriteria}), the thin series also pooled, and the seed's summary: mean
 * and range of both tail ratios, over every series and over those with enough samples, and how many passed.
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
            verdicts.put(s.id(), criteria.judge(s));
            if (!criteria.enoughSamples(s)) {
                thin.add(s);
            }
        }
        if (thin.isEmpty()) {
            pooledThin = null;
            pooledThinVerdict = null;
        } else {
            pooledThin = SeriesStatistics.pooled(new SeriesId(POOLED_THIN, thin.size() + " series"), thin);
            pooledThinVerdict = criteria.judge(pooledThin);
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

    /** The series with enough samples to be judged by their tail ratios. */
    public List<SeriesStatistics> withEnoughSamples() {
        return series.stream().filter(criteria::enoughSamples).toList();
    }

    /** Series that passed. */
    public long passed() {
        return verdicts.values().stream().filter(v -> v.status() == Status.PASS).count();
    }

    /** Series that passed by the exact test of their counts. */
    public long passedByExactTest() {
        return verdicts.values().stream().filter(v -> v.status() == Status.PASS && v.basis() == Basis.EXACT_TEST).count();
    }

    /** Whether every series and the pooled thin series pass. */
    public boolean allPass() {
        return passed() == series.size() && (pooledThinVerdict == null || pooledThinVerdict.status() == Status.PASS);
    }

    /** Mean, smallest and largest P(|Z| &gt; 2) over {@code of} (NaN when empty). */
    public static double[] p2Summary(List<SeriesStatistics> of) {
        return summary(of, true);
    }

    /** Mean, smallest and largest P(|Z| &gt; 3) over {@code of} (NaN when empty). */
    public static double[] p3Summary(List<SeriesStatistics> of) {
        return summary(of, false);
    }

    private static double[] summary(List<SeriesStatistics> of, boolean p2) {
        List<SeriesStatistics> withSamples = of.stream().filter(s -> s.samples() > 0).toList();
        if (withSamples.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SeriesStatistics s : withSamples) {
            double v = p2 ? s.tailP2() : s.tailP3();
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {sum / withSamples.size(), min, max};
    }
}
