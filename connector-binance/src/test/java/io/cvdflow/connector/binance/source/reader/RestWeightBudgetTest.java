package io.cvdflow.connector.binance.source.reader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestWeightBudgetTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_767_225_600_000L; // a minute boundary

    @Test
    void waitsForTheNextMinuteOnceItsOwnRequestsSpentTheBudget() {
        RestWeightBudget budget = new RestWeightBudget(100);
        for (int i = 0; i < 5; i++) {
            assertThat(budget.delayMs(20, T0 + 1_000)).isZero();
            budget.spend(20, T0 + 1_000);
        }
        assertThat(budget.delayMs(20, T0 + 1_000)).isEqualTo(MINUTE - 1_000);
        assertThat(budget.delayMs(20, T0 + MINUTE)).isZero();
    }

    @Test
    void trustsTheExchangesUsedWeightWhenItIsHigher() {
        RestWeightBudget budget = new RestWeightBudget(1_200);
        budget.spend(20, T0 + 10);
        budget.reported(1_190, T0 + 20);
        assertThat(budget.used()).isEqualTo(1_190);
        assertThat(budget.delayMs(20, T0 + 30_000)).isEqualTo(30_000);
        budget.reported(40, T0 + MINUTE + 1);
        assertThat(budget.used()).isEqualTo(40);
    }

    @Test
    void aRequestHeavierThanTheBudgetGoesAloneAtTheStartOfAMinute() {
        RestWeightBudget budget = new RestWeightBudget(10);
        assertThat(budget.delayMs(20, T0)).isZero();
        budget.spend(20, T0);
        assertThat(budget.delayMs(20, T0 + 5)).isEqualTo(MINUTE - 5);
    }
}
