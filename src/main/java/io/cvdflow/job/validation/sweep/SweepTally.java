package io.cvdflow.job.validation.sweep;

import io.cvdflow.job.quality.ZTailHistogram;

/** What one grid point gives on one series: the trades scored and the |Z| histogram of its Z values. A Flink POJO. */
public class SweepTally {
    public int point;
    public int series;
    /** Trades the estimator accepted. */
    public long trades;
    public ZTailHistogram z = new ZTailHistogram();

    public SweepTally() {}

    SweepTally(int point, int series) {
        this.point = point;
        this.series = series;
    }
}
