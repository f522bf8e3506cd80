package io.cvdflow.job.validation;

/**
 * The exact (Clopper-Pearson) confidence interval of a proportion from {@code k} successes in {@code n} trials: the
 * rates {@code p} an exact two-sided binomial test at level {@code alpha} does not reject, so that
 * {@code P(X >= k | p_low) = alpha / 2} and {@code P(X <= k | p_high) = alpha / 2}. The same interval as R's
 * {@code binom.test(k, n, conf.level = 1 - alpha)$conf.int}. Tail sums run in log space over at most {@code k + 1}
 * terms, so any {@code n} works.
 */
public final class ExactBinomial {
    private static final int BISECTIONS = 60;

    private ExactBinomial() {}

    /** The interval's ends {@code {low, high}}; {@code {0, 1}} when {@code n} is 0. */
    public static double[] interval(long k, long n, double alpha) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("successes must be in [0, " + n + "]: " + k);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
        }
        double low = k == 0 ? 0 : solve(k - 1, n, 1 - alpha / 2);
        double high = k == n ? 1 : solve(k, n, alpha / 2);
        return new double[] {low, high};
    }

    /** The p at which {@code P(X <= k | n, p)} equals {@code target}; that probability falls as p rises. */
    private static double solve(long k, long n, double target) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            if (atMost(k, n, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** {@code P(X <= k)} for X binomial with {@code n} trials of probability {@code p}, with 0 &lt; p &lt; 1. */
    static double atMost(long k, long n, double p) {
        double logPmf = n * Math.log1p(-p);
        double logOdds = Math.log(p) - Math.log1p(-p);
        double sum = 0;
        for (long i = 0; i <= k; i++) {
            sum += Math.exp(logPmf);
            logPmf += Math.log((double) (n - i) / (i + 1)) + logOdds;
        }
        return Math.min(1, sum);
    }
}
