package io.cvdflow.job.quality;

/**
 * The verdict on one quality window. {@link #OK} to {@link #ROLLBACK} are ordered by severity (a report takes
 * the worst level any metric reaches); {@link #INCONCLUSIVE} stands apart: the window had too few samples to
 * judge, and no metric was tested.
 */
public enum QualityLevel {
    OK,
    WARNING,
    CRITICAL,
    ROLLBACK,
    INCONCLUSIVE
}
