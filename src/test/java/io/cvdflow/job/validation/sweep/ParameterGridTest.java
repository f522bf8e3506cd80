package io.cvdflow.job.validation.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterGridTest {
    @Test
    void thePointsAreTheProductWithTheLastParameterFastest() {
        ParameterGrid grid = ParameterGrid.parse(List.of("mad_multiplier=1.2, 1.8", "SCALE_FAST_WEIGHT=0.1,0.2,0.35"));
        assertThat(grid.axes()).containsOnlyKeys("MAD_MULTIPLIER", "SCALE_FAST_WEIGHT");
        assertThat(grid.size()).isEqualTo(6);
        List<GridPoint> points = grid.points();
        assertThat(points).extracting(GridPoint::index).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(points.get(0).values()).isEqualTo(Map.of("MAD_MULTIPLIER", "1.2", "SCALE_FAST_WEIGHT", "0.1"));
        assertThat(points.get(2).values()).isEqualTo(Map.of("MAD_MULTIPLIER", "1.2", "SCALE_FAST_WEIGHT", "0.35"));
        assertThat(points.get(3).values()).isEqualTo(Map.of("MAD_MULTIPLIER", "1.8", "SCALE_FAST_WEIGHT", "0.1"));
        assertThat(points.get(5).describe()).isEqualTo("MAD_MULTIPLIER=1.8 SCALE_FAST_WEIGHT=0.35");
        assertThat(points.get(5).overrides()).containsExactly("MAD_MULTIPLIER=1.8", "SCALE_FAST_WEIGHT=0.35");
    }

    @Test
    void badSpecificationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ParameterGrid.parse(List.of())).hasMessageContaining("no grid");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("MAD_MULTIPLIER"))).hasMessageContaining("KEY=v1,v2");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("NOT_A_KEY=1"))).hasMessageContaining("NOT_A_KEY is not an estimator parameter");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("GAMMA=1", "gamma=2"))).hasMessageContaining("given twice");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("GAMMA=1,,2"))).hasMessageContaining("empty or repeated");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of("GAMMA=1,1"))).hasMessageContaining("empty or repeated");
        assertThatThrownBy(() -> ParameterGrid.parse(List.of(
                "GAMMA=" + values(100), "BETA=" + values(101)))).hasMessageContaining("more than 10000 points");
    }

    private static String values(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(i);
        }
        return s.toString();
    }
}
