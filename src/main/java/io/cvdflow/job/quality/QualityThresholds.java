package io.cvdflow.job.quality;

import java.io.Serializable;

/**
 * The bounds a quality report is judged against. The proportions have three levels each; the scale median and
 * the latency bound are rollback conditions only, as in the seed, and 0 disables either.
 *
 * @param tailP2 bounds on P(|Z| &gt; 2)
 * @param tailP3 bounds on P(|Z| &gt; 3)
 * @param floorHitRate bounds on the fraction of samples whose scale was the MAD floor
 * @param scaleMedianMin rollback when the median scale is below this (per symbol: it depends on trade sizes)
 * @param latencyP95MaxMs rollback when the p95 receipt-to-emission latency is above this, in milliseconds
 */
public record QualityThresholds(
        ProportionBounds tailP2,
        ProportionBounds tailP3,
        ProportionBounds floorHitRate,
        double scaleMedianMin,
        double latencyP95MaxMs) implements Serializable {}
