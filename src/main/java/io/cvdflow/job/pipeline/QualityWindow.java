package io.cvdflow.job.pipeline;

import io.cvdflow.job.quality.QualityAccumulator;

/** One open quality window of one symbol: its statistics and the profile its latest record ran on. */
public class QualityWindow {
    public QualityAccumulator statistics;
    public String profile;
    public String fingerprint;

    public QualityWindow() {}
}
