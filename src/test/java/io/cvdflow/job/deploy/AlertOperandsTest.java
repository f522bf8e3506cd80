package io.cvdflow.job.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AlertOperandsTest {
    @Test
    void aThresholdBecomesTheDistanceToIt() {
        assertThat(AlertOperands.of("cvd_z_tail_p2{regime=\"all\"} > 0.05"))
                .containsExactly("(cvd_z_tail_p2{regime=\"all\"}) - (0.05)");
        assertThat(AlertOperands.of("histogram_quantile(0.95, sum by (job_name, symbol, le) (rate(cvd_latency_bucket[2m]))) > 0.1"))
                .containsExactly("(histogram_quantile(0.95, sum by (job_name, symbol, le) (rate(cvd_latency_bucket[2m])))) - (0.1)");
    }

    @Test
    void vectorMatchingIsKeptSoThatLabelsMustLineUp() {
        assertThat(AlertOperands.of("cvd_scale_median{regime=\"all\"} < on (job_name, symbol) (2 * cvd_scale_median_min)"))
                .containsExactly("(cvd_scale_median{regime=\"all\"}) - on (job_name, symbol) ((2 * cvd_scale_median_min))");
        assertThat(AlertOperands.of("a > bool b")).containsExactly("(a) - (b)");
    }

    @Test
    void eachSideOfASetOperatorAndTheArgumentOfAbsentStandAlone() {
        assertThat(AlertOperands.of("max by (s) (increase(x{o=\"or\"}[10m])) > 0\nor max by (s) (y) == 3"))
                .containsExactly("(max by (s) (increase(x{o=\"or\"}[10m]))) - (0)", "(max by (s) (y)) - (3)");
        assertThat(AlertOperands.of("absent(up{job=\"flink\"})")).containsExactly("up{job=\"flink\"}");
        assertThat(AlertOperands.of("up{job=~\"a|b\", x!=\"<\"}")).containsExactly("up{job=~\"a|b\", x!=\"<\"}");
    }
}
