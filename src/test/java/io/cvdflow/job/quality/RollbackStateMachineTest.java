package io.cvdflow.job.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.cvdflow.job.quality.QualityLevel.CRITICAL;
import static io.cvdflow.job.quality.QualityLevel.INCONCLUSIVE;
import static io.cvdflow.job.quality.QualityLevel.OK;
import static io.cvdflow.job.quality.QualityLevel.ROLLBACK;
import static io.cvdflow.job.quality.QualityLevel.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

/** The flow with exact event times. Windows are 60 s long; times are written in seconds. */
class RollbackStateMachineTest {
    private static final String A1 = "a1";
    private static final String BASELINE = "baseline";

    private final RollbackStatus status = new RollbackStatus();
    private RollbackStateMachine machine = new RollbackStateMachine(QualitySettings.defaults(), BASELINE);
    private final List<RollbackTransition> all = new ArrayList<>();

    private static QualityReport check(long endSec, QualityLevel level, String profile) {
        QualityReport r = new QualityReport();
        r.symbol = "BTCUSDT";
        r.windowEndMs = endSec * 1000;
        r.windowStartMs = r.windowEndMs - 60_000;
        r.profile = profile;
        r.fingerprint = profile + "-fp";
        r.level = level;
        r.samples = level == INCONCLUSIVE ? 40 : 1500;
        r.tailP2 = level == ROLLBACK ? 0.15 : 0.04;
        r.breaches = level == ROLLBACK ? "P2 15% > 10% (wilson lower 13.3%)"
                : level == INCONCLUSIVE ? "samples 40 < 100" : "";
        return r;
    }

    /** The transitions of one check, as STATE@seconds. */
    private List<String> on(long endSec, QualityLevel level, String profile) {
        return record(machine.onCheck(status, check(endSec, level, profile)));
    }

    private List<String> timer(long sec) {
        return record(machine.onTimer(status, sec * 1000));
    }

    private List<String> record(List<RollbackTransition> out) {
        all.addAll(out);
        List<String> s = new ArrayList<>();
        for (RollbackTransition t : out) {
            assertThat(t.eventTimeMs % 1000).isZero();
            s.add(t.state + "@" + t.eventTimeMs / 1000);
        }
        return s;
    }

    private RollbackTransition last() {
        return all.get(all.size() - 1);
    }

    private long deadlineSec() {
        long d = RollbackStateMachine.nextDeadlineMs(status);
        return d == RollbackStateMachine.NO_DEADLINE ? -1 : d / 1000;
    }

    private void triggerAt180() {
        assertThat(on(60, ROLLBACK, A1)).containsExactly("BREACHING@60");
        assertThat(on(120, ROLLBACK, A1)).containsExactly("BREACHING@120");
        assertThat(on(180, ROLLBACK, A1)).containsExactly("PENDING@180");
    }

    @Test
    void seedFlowConfirmed() {
        assertThat(deadlineSec()).isEqualTo(-1);
        assertThat(on(60, ROLLBACK, A1)).containsExactly("BREACHING@60");
        assertThat(last().streak).isEqualTo(1);
        assertThat(last().fromProfile).isEqualTo(A1);
        assertThat(last().toProfile).as("the prospective target").isEqualTo(BASELINE);
        assertThat(last().reason).isEqualTo("failing check 1 of 3: P2 15% > 10% (wilson lower 13.3%)");
        assertThat(last().metrics.windowEndMs).isEqualTo(60_000);
        assertThat(last().metrics.tailP2).isEqualTo(0.15);
        assertThat(last().symbol).isEqualTo("BTCUSDT");
        assertThat(on(120, ROLLBACK, A1)).containsExactly("BREACHING@120");
        assertThat(status.state).isEqualTo(RollbackState.BREACHING);

        assertThat(on(180, ROLLBACK, A1)).containsExactly("PENDING@180");
        assertThat(last().reason).isEqualTo("3 consecutive failing checks: rollback at 1970-01-01T00:03:30Z"
                + " (P2 15% > 10% (wilson lower 13.3%))");
        assertThat(deadlineSec()).isEqualTo(210);
        assertThat(timer(209)).isEmpty();

        assertThat(timer(210)).containsExactly("EXECUTED@210");
        RollbackTransition executed = last();
        assertThat(executed.fromProfile).isEqualTo(A1);
        assertThat(executed.toProfile).isEqualTo(BASELINE);
        assertThat(executed.reason).isEqualTo("rollback a1 -> baseline executed; verifying until 1970-01-01T00:08:30Z");
        assertThat(executed.metrics.windowEndMs).as("the trigger's figures").isEqualTo(180_000);
        assertThat(status.state).isEqualTo(RollbackState.VERIFYING);
        assertThat(deadlineSec()).isEqualTo(510);

        assertThat(on(240, ROLLBACK, A1)).as("[180, 240) began before the execution").isEmpty();
        assertThat(on(300, OK, BASELINE)).isEmpty();
        assertThat(status.profile).isEqualTo(BASELINE);
        assertThat(on(360, OK, BASELINE)).isEmpty();
        assertThat(on(420, WARNING, BASELINE)).isEmpty();
        assertThat(on(480, CRITICAL, BASELINE)).isEmpty();
        assertThat(timer(510)).containsExactly("CONFIRMED@510");
        RollbackTransition confirmed = last();
        assertThat(confirmed.checks).isEqualTo(4);
        assertThat(confirmed.passes).isEqualTo(4);
        assertThat(confirmed.reason)
                .isEqualTo("rollback confirmed: 4 of 4 checks of baseline passed (100%), more than 80%");
        assertThat(confirmed.metrics.windowEndMs).isEqualTo(480_000);
        assertThat(status.state).isEqualTo(RollbackState.NORMAL);
        assertThat(status.profile).isEqualTo(BASELINE);
        assertThat(deadlineSec()).isEqualTo(-1);
        assertThat(on(540, OK, BASELINE)).isEmpty();
    }

    @Test
    void failedVerificationEscalatesAndWaitsForAnOperator() {
        triggerAt180();
        timer(210);
        on(300, OK, BASELINE);
        on(360, ROLLBACK, BASELINE);
        on(420, OK, BASELINE);
        on(480, OK, BASELINE);
        assertThat(timer(510)).containsExactly("FAILED@510");
        assertThat(last().reason).isEqualTo("rollback failed: 3 of 4 checks of baseline passed (75%),"
                + " not more than 80%; escalated, waiting for an operator");
        assertThat(last().metrics.windowEndMs).as("the failing check").isEqualTo(360_000);
        assertThat(status.state).isEqualTo(RollbackState.FAILED);
        assertThat(deadlineSec()).isEqualTo(-1);

        for (long t = 540; t <= 900; t += 60) {
            assertThat(on(t, ROLLBACK, BASELINE)).as("escalated: no second rollback").isEmpty();
        }
        assertThat(on(960, ROLLBACK, "calibrated")).containsExactly("NORMAL@960", "BREACHING@960");
        RollbackTransition cleared = all.get(all.size() - 2);
        assertThat(cleared.reason).isEqualTo("operator changed profile baseline -> calibrated: escalation cleared");
        assertThat(cleared.fromProfile).isEqualTo(BASELINE);
        assertThat(cleared.toProfile).isEqualTo("calibrated");
        assertThat(last().toProfile).as("the profile before the operator's switch").isEqualTo(BASELINE);
    }

    @Test
    void aPassingCheckResetsTheStreak() {
        assertThat(on(60, ROLLBACK, A1)).containsExactly("BREACHING@60");
        assertThat(on(120, ROLLBACK, A1)).containsExactly("BREACHING@120");
        assertThat(on(180, CRITICAL, A1)).containsExactly("NORMAL@180");
        assertThat(last().reason).isEqualTo("check at CRITICAL after 2 failing check(s): streak reset");
        assertThat(on(240, ROLLBACK, A1)).containsExactly("BREACHING@240");
        assertThat(last().streak).isEqualTo(1);
        assertThat(on(300, ROLLBACK, A1)).containsExactly("BREACHING@300");
        assertThat(on(360, OK, A1)).containsExactly("NORMAL@360");
        assertThat(on(420, OK, A1)).as("already NORMAL: no signal").isEmpty();
        assertThat(status.state).isEqualTo(RollbackState.NORMAL);
    }

    @Test
    void inconclusiveChecksNeitherCountNorBreakTheStreak() {
        assertThat(on(60, ROLLBACK, A1)).containsExactly("BREACHING@60");
        assertThat(on(120, INCONCLUSIVE, A1)).isEmpty();
        assertThat(on(180, ROLLBACK, A1)).containsExactly("BREACHING@180");
        assertThat(last().streak).isEqualTo(2);
        assertThat(on(240, INCONCLUSIVE, A1)).isEmpty();
        assertThat(on(300, ROLLBACK, A1)).containsExactly("PENDING@300");
        assertThat(deadlineSec()).isEqualTo(330);
        assertThat(on(60 * 10, INCONCLUSIVE, A1)).as("the check at 600 first fires the deadline at 330")
                .containsExactly("EXECUTED@330");
    }

    @Test
    void inconclusiveChecksDoNotCountInVerification() {
        triggerAt180();
        timer(210);
        on(300, INCONCLUSIVE, BASELINE);
        on(360, OK, BASELINE);
        on(420, INCONCLUSIVE, BASELINE);
        on(480, INCONCLUSIVE, BASELINE);
        assertThat(timer(510)).containsExactly("CONFIRMED@510");
        assertThat(last().checks).isEqualTo(1);
        assertThat(last().passes).isEqualTo(1);

        RollbackStatus quiet = new RollbackStatus();
        machine.onCheck(quiet, check(60, ROLLBACK, A1));
        machine.onCheck(quiet, check(120, ROLLBACK, A1));
        machine.onCheck(quiet, check(180, ROLLBACK, A1));
        assertThat(machine.onCheck(quiet, check(240, INCONCLUSIVE, BASELINE)))
                .extracting(t -> t.state).containsExactly(RollbackState.EXECUTED);
        for (long t = 300; t <= 480; t += 60) {
            assertThat(machine.onCheck(quiet, check(t, INCONCLUSIVE, BASELINE))).isEmpty();
        }
        List<RollbackTransition> verdict = machine.onTimer(quiet, 510_000);
        assertThat(verdict).extracting(t -> t.state).containsExactly(RollbackState.FAILED);
        assertThat(verdict.get(0).reason).isEqualTo("rollback failed: no conclusive check of baseline in the"
                + " verification period; escalated, waiting for an operator");
        assertThat(verdict.get(0).eventTimeMs).isEqualTo(510_000);
        assertThat(verdict.get(0).metrics).isNull();
    }

    @Test
    void aSecondBreachDuringVerificationFailsItButNeverTriggersAgain() {
        triggerAt180();
        timer(210);
        assertThat(on(300, ROLLBACK, BASELINE)).isEmpty();
        assertThat(on(360, ROLLBACK, BASELINE)).isEmpty();
        assertThat(on(420, ROLLBACK, BASELINE)).isEmpty();
        assertThat(on(480, OK, BASELINE)).isEmpty();
        assertThat(status.state).isEqualTo(RollbackState.VERIFYING);
        assertThat(deadlineSec()).isEqualTo(510);
        assertThat(timer(510)).containsExactly("FAILED@510");
        assertThat(last().passes).isEqualTo(1);
        assertThat(last().checks).isEqualTo(4);
        assertThat(last().metrics.windowEndMs).as("the latest failing check").isEqualTo(420_000);
    }

    @Test
    void timersOutOfOrder() {
        triggerAt180();
        assertThat(timer(200)).as("early").isEmpty();
        assertThat(timer(600)).as("late: each deadline at its own time").containsExactly("EXECUTED@210", "FAILED@510");
        assertThat(timer(600)).as("repeated").isEmpty();
        assertThat(timer(510)).as("stale").isEmpty();
        assertThat(on(480, OK, BASELINE)).as("a check older than the verdict is late").isEmpty();
        assertThat(status.state).isEqualTo(RollbackState.FAILED);
    }

    @Test
    void aCheckPastADeadlineFiresItFirst() {
        triggerAt180();
        assertThat(on(240, OK, A1)).as("pending: the trigger holds").containsExactly("EXECUTED@210");
        on(300, OK, BASELINE);
        on(360, OK, BASELINE);
        on(420, OK, BASELINE);
        on(480, OK, BASELINE);
        assertThat(on(540, ROLLBACK, BASELINE)).containsExactly("CONFIRMED@510", "BREACHING@540");
        assertThat(all.get(all.size() - 2).checks).isEqualTo(4);
    }

    @Test
    void noSecondRollbackToAnUnknownTarget() {
        triggerAt180();
        timer(210);
        for (long t = 300; t <= 480; t += 60) {
            on(t, OK, BASELINE);
        }
        assertThat(timer(510)).containsExactly("CONFIRMED@510");
        assertThat(on(540, ROLLBACK, BASELINE)).containsExactly("BREACHING@540");
        assertThat(last().toProfile).as("no target on the rollback profile").isNull();
        assertThat(on(600, ROLLBACK, BASELINE)).containsExactly("BREACHING@600");
        assertThat(on(660, ROLLBACK, BASELINE)).containsExactly("FAILED@660");
        assertThat(last().reason).isEqualTo("3 consecutive failing checks but no profile to roll back to (baseline is"
                + " the rollback profile or was rolled back to): escalated, waiting for an operator");
        assertThat(status.state).isEqualTo(RollbackState.FAILED);
        assertThat(deadlineSec()).isEqualTo(-1);
    }

    @Test
    void thePreviousProfileIsTheFirstTarget() {
        assertThat(on(60, OK, A1)).isEmpty();
        assertThat(on(120, ROLLBACK, "a2")).as("an operator's switch in NORMAL is silent")
                .containsExactly("BREACHING@120");
        assertThat(last().toProfile).isEqualTo(A1);
        on(180, ROLLBACK, "a2");
        assertThat(on(240, ROLLBACK, "a2")).containsExactly("PENDING@240");
        assertThat(last().fromProfile).isEqualTo("a2");
        assertThat(last().toProfile).isEqualTo(A1);
        assertThat(timer(270)).containsExactly("EXECUTED@270");
        for (long t = 330; t < 570; t += 60) {
            assertThat(on(t, OK, A1)).isEmpty();
        }
        assertThat(on(570, OK, A1)).as("the window ending at the deadline counts").containsExactly("CONFIRMED@570");
        assertThat(last().checks).isEqualTo(5);
        assertThat(on(630, ROLLBACK, A1)).containsExactly("BREACHING@630");
        assertThat(last().toProfile).as("never back to a2: the configured rollback profile").isEqualTo(BASELINE);
    }

    @Test
    void anOperatorCancelsAPendingRollback() {
        machine = new RollbackStateMachine(
                QualitySettings.fromMap(Map.of("rollback-delay", "90s"), "quality"), BASELINE);
        triggerAt180();
        assertThat(deadlineSec()).isEqualTo(270);
        assertThat(on(240, ROLLBACK, "a2")).containsExactly("NORMAL@240", "BREACHING@240");
        assertThat(all.get(all.size() - 2).reason)
                .isEqualTo("operator changed profile a1 -> a2: pending rollback cancelled");
        assertThat(deadlineSec()).isEqualTo(-1);
        assertThat(timer(270)).isEmpty();
    }

    @Test
    void aParameterChangeIsAnOperatorsAct() {
        on(60, ROLLBACK, A1);
        QualityReport tuned = check(120, OK, A1);
        tuned.fingerprint = "tuned";
        assertThat(record(machine.onCheck(status, tuned))).containsExactly("NORMAL@120");
        assertThat(last().reason)
                .isEqualTo("operator changed the parameters of a1 (fingerprint a1-fp -> tuned): failing streak reset");
        assertThat(status.previousProfile).as("the profile did not change").isNull();
    }

    @Test
    void windowsStillOnTheOldProfileAreNotVerification() {
        triggerAt180();
        timer(210);
        assertThat(on(300, ROLLBACK, A1)).as("the switch has not landed yet").isEmpty();
        on(360, OK, BASELINE);
        on(420, OK, BASELINE);
        on(480, OK, BASELINE);
        assertThat(timer(510)).containsExactly("CONFIRMED@510");
        assertThat(last().checks).isEqualTo(3);
    }

    @Test
    void everyNumberIsConfigurable() {
        machine = new RollbackStateMachine(QualitySettings.fromMap(Map.of(
                "rollback-consecutive-checks", "1",
                "rollback-delay", "0s",
                "verification-period", "5m"), "quality"), BASELINE);
        assertThat(on(180, ROLLBACK, A1)).as("trigger and execution at once")
                .containsExactly("PENDING@180", "EXECUTED@180");
        for (long t = 240; t < 480; t += 60) {
            assertThat(on(t, OK, BASELINE)).isEmpty();
        }
        assertThat(on(480, OK, BASELINE)).as("a window ending at the deadline counts").containsExactly("CONFIRMED@480");
        assertThat(last().checks).isEqualTo(5);

        machine = new RollbackStateMachine(QualitySettings.fromMap(Map.of(
                "rollback-consecutive-checks", "2",
                "rollback-delay", "10s",
                "verification-period", "3m",
                "verification-pass-ratio", "0.5"), "quality"), BASELINE);
        RollbackStatus s = new RollbackStatus();
        List<String> seen = new ArrayList<>();
        for (QualityReport r : List.of(check(60, ROLLBACK, A1), check(120, ROLLBACK, A1), check(180, OK, BASELINE),
                check(240, OK, BASELINE), check(300, ROLLBACK, BASELINE))) {
            for (RollbackTransition t : machine.onCheck(s, r)) {
                seen.add(t.state + "@" + t.eventTimeMs / 1000);
            }
        }
        for (RollbackTransition t : machine.onTimer(s, 310_000)) {
            seen.add(t.state + "@" + t.eventTimeMs / 1000 + " " + t.passes + "/" + t.checks);
        }
        assertThat(seen).containsExactly("BREACHING@60", "PENDING@120", "EXECUTED@130", "FAILED@310 1/2");
    }
}
