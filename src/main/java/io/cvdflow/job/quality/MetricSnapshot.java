package io.cvdflow.job.quality;

/** The figures of one quality check that a rollback transition cites. A Flink POJO. */
public class MetricSnapshot {
    public long windowStartMs;
    public long windowEndMs;
    public String profile;
    public String fingerprint;
    public QualityLevel level;
    public long samples;
    public double tailP2;
    public double tailP3;
    public double floorHitRate;
    public double scaleMedian;
    public double receiptLatencyP95Ms;
    public String breaches;

    public MetricSnapshot() {}

    public static MetricSnapshot of(QualityReport r) {
        MetricSnapshot m = new MetricSnapshot();
        m.windowStartMs = r.windowStartMs;
        m.windowEndMs = r.windowEndMs;
        m.profile = r.profile;
        m.fingerprint = r.fingerprint;
        m.level = r.level;
        m.samples = r.samples;
        m.tailP2 = r.tailP2;
        m.tailP3 = r.tailP3;
        m.floorHitRate = r.floorHitRate;
        m.scaleMedian = r.scaleMedian;
        m.receiptLatencyP95Ms = r.receiptLatencyP95Ms;
        m.breaches = r.breaches;
        return m;
    }

    @Override
    public String toString() {
        return "[" + windowStartMs + ", " + windowEndMs + ") " + profile + " " + level + " samples=" + samples
                + (breaches == null || breaches.isEmpty() ? "" : ": " + breaches);
    }
}
