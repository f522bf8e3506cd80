package io.cvdflow.job.quality;

/**
 * The Z statistics of the samples of one regime (active or quiet) in a quality window. A Flink POJO and part of
 * {@link QualityReport}'s JSON. Values are NaN when there is no sample.
 */
public class RegimeStats {
    public long samples;
    /** Samples with |Z| &gt; 2. */
    public long tail2;
    /** Samples with |Z| &gt; 3. */
    public long tail3;
    public long floorHits;
    public double tailP2;
    public double tailP3;
    public double zP95;
    public double zMedian;
    public double floorHitRate;
    public double scaleMedian;
    public double floorMedian;
    /** False when there was no regime threshold yet or fewer samples than the regime minimum. */
    public boolean conclusive;

    public RegimeStats() {}

    @Override
    public String toString() {
        return "samples=" + samples + " P2=" + tailP2 + " P3=" + tailP3 + " conclusive=" + conclusive;
    }
}
