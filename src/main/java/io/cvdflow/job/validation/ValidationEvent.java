package io.cvdflow.job.validation;

import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;

/**
 * What a validation run collects from the job, on one stream so that one consumer drains it without a second
 * collect sink waiting on the first: a Z record or a quality window's report. A Flink POJO.
 */
public class ValidationEvent {
    public ZRecord z;
    public QualityReport window;

    public ValidationEvent() {}

    public static ValidationEvent of(ZRecord z) {
        ValidationEvent e = new ValidationEvent();
        e.z = z;
        return e;
    }

    public static ValidationEvent of(QualityReport window) {
        ValidationEvent e = new ValidationEvent();
        e.window = window;
        return e;
    }
}
