package io.cvdflow.job.quality;

/**
 * The statistics of a set of Z samples, kept for all samples of a window and for each regime: the |Z|
 * histogram, floor hits, and the scale and floor sketches. A Flink POJO.
 */
public class SampleAccumulator {
    public ZTailHistogram z = new ZTailHistogram();
    public long floorHits;
    public LogBucketHistogram scale = new LogBucketHistogram();
    public LogBucketHistogram floor = new LogBucketHistogram();

    public SampleAccumulator() {}

    /** Adds one sample to these statistics and to {@code regime}'s (or none when null). */
    void add(double z, double scale, double floor, boolean floorHit, SampleAccumulator regime) {
        this.z.add(z);
        if (floorHit) {
            floorHits++;
        }
        if (regime != null) {
            regime.z.add(z);
            if (floorHit) {
                regime.floorHits++;
            }
        }
        this.scale.add(scale, regime == null ? null : regime.scale);
        this.floor.add(floor, regime == null ? null : regime.floor);
    }

    void merge(SampleAccumulator other) {
        z.merge(other.z);
        floorHits += other.floorHits;
        scale.merge(other.scale);
        floor.merge(other.floor);
    }

    RegimeStats stats(boolean conclusive) {
        RegimeStats s = new RegimeStats();
        s.samples = z.count;
        s.tail2 = z.above2;
        s.tail3 = z.above3;
        s.floorHits = floorHits;
        s.tailP2 = z.tailP2();
        s.tailP3 = z.tailP3();
        s.zP95 = z.quantile(0.95);
        s.zMedian = z.quantile(0.5);
        s.floorHitRate = z.count == 0 ? Double.NaN : (double) floorHits / z.count;
        s.scaleMedian = scale.quantile(0.5);
        s.floorMedian = floor.quantile(0.5);
        s.conclusive = conclusive;
        return s;
    }
}
