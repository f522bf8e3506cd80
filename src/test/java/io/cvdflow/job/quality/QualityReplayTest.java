package io.cvdflow.job.quality;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure core end to end on real BTCUSDT spot trades (2024-08-08 23:54:15 to 2024-08-09 00:05:05): the A1
 * estimator, 60 s quality windows, the evaluator and the rollback flow, switching the estimator's profile when a
 * rollback executes, as the job's Z operator does. A1's delta Z is far too heavy-tailed on these trades (P2 of 13
 * to 19%), which is an honest breach. The watermark is the latest trade time: windows close, then timers fire.
 */
class QualityReplayTest {
    private static final long WINDOW_MS = 60_000;
    /** BTC trades are fractions of a coin: the seed's scale bound of 10 is disabled for this symbol. */
    private static final QualitySettings BTC = QualitySettings.defaults()
            .withSymbolOverrides(Map.of("scale-median-min", "0"), "estimator.symbols.BTCUSDT.quality");

    private static final class Replay {
        final List<QualityReport> reports = new ArrayList<>();
        final List<RollbackTransition> transitions = new ArrayList<>();
        /** Profile of the Z of each trade. */
        final List<String> zProfiles = new ArrayList<>();

        Replay(QualitySettings settings, String startProfile, String rollbackProfile) {
            RollbackStateMachine machine = new RollbackStateMachine(settings, rollbackProfile);
            RollbackStatus status = new RollbackStatus();
            String profile = startProfile;
            EstimatorParameters parameters = EstimatorProfiles.builtIns().get(profile);
            ZEstimator estimator = ZEstimator.create(parameters);
            EstimatorState state = estimator.newState();
            ZResult z = new ZResult();
            List<Trade> trades = RealTrades.btcSpot();
            long windowStart = Math.floorDiv(trades.get(0).eventTimeMs, WINDOW_MS) * WINDOW_MS;
            QualityAccumulator acc = new QualityAccumulator();
            for (Trade t : trades) {
                List<RollbackTransition> out = new ArrayList<>();
                while (t.eventTimeMs >= windowStart + WINDOW_MS) {
                    QualityReport r = acc.report("BTCUSDT", windowStart, windowStart + WINDOW_MS, profile,
                            parameters.fingerprint(), settings);
                    reports.add(r);
                    out.addAll(machine.onCheck(status, r));
                    acc = new QualityAccumulator(acc.nextRegimeThreshold(settings.regimeQuantile()));
                    windowStart += WINDOW_MS;
                }
                long deadline = RollbackStateMachine.nextDeadlineMs(status);
                if (deadline != RollbackStateMachine.NO_DEADLINE && t.eventTimeMs >= deadline) {
                    out.addAll(machine.onTimer(status, t.eventTimeMs));
                }
                for (RollbackTransition x : out) {
                    transitions.add(x);
                    if (x.state == RollbackState.EXECUTED) {
                        profile = x.toProfile;
                        parameters = EstimatorProfiles.builtIns().get(profile);
                        estimator = ZEstimator.create(parameters);
                    }
                }
                estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, z);
                zProfiles.add(profile);
                acc.add(z.z, z.reason, z.scale, z.floor, z.ewmaFast, z.ewmaSlow, z.floorHit, z.tradesPerSecond, 0,
                        t.receivedAtNanos - t.eventTimeMs * 1_000_000);
            }
        }

        List<String> signals() {
            List<String> s = new ArrayList<>();
            for (RollbackTransition x : transitions) {
                s.add(x.state + " " + Instant.ofEpochMilli(x.eventTimeMs));
            }
            return s;
        }
    }

    @Test
    void a1BreachesAndTheRollbackToCalibratedIsConfirmed() {
        Replay replay = new Replay(BTC, EstimatorProfiles.A1, EstimatorProfiles.CALIBRATED);
        assertThat(replay.reports.get(0).level).as("P3 6.43% on 856 samples: not credibly above 5%")
                .isEqualTo(QualityLevel.CRITICAL);
        assertThat(replay.signals()).containsExactly(
                "BREACHING 2024-08-08T23:57:00Z",
                "BREACHING 2024-08-08T23:58:00Z",
                "PENDING 2024-08-08T23:59:00Z",
                "EXECUTED 2024-08-08T23:59:30Z",
                "CONFIRMED 2024-08-09T00:04:30Z");
        RollbackTransition executed = replay.transitions.get(3);
        assertThat(executed.fromProfile).isEqualTo(EstimatorProfiles.A1);
        assertThat(executed.toProfile).isEqualTo(EstimatorProfiles.CALIBRATED);
        assertThat(executed.metrics.level).isEqualTo(QualityLevel.ROLLBACK);
        assertThat(executed.metrics.tailP2).isGreaterThan(0.10);
        RollbackTransition confirmed = replay.transitions.get(4);
        assertThat(confirmed.checks).as("the windows from 00:00 to 00:04").isEqualTo(4);
        assertThat(confirmed.passes).isEqualTo(4);

        long switchedAt = Instant.parse("2024-08-08T23:59:30Z").toEpochMilli();
        List<Trade> trades = RealTrades.btcSpot();
        for (int i = 0; i < trades.size(); i++) {
            assertThat(replay.zProfiles.get(i)).isEqualTo(trades.get(i).eventTimeMs < switchedAt
                    ? EstimatorProfiles.A1 : EstimatorProfiles.CALIBRATED);
        }
        QualityReport last = replay.reports.get(replay.reports.size() - 1);
        assertThat(last.profile).isEqualTo(EstimatorProfiles.CALIBRATED);
        assertThat(last.fingerprint).isEqualTo(EstimatorProfiles.calibrated().fingerprint());
        assertThat(last.tailP2).isLessThan(0.08);
    }

    @Test
    void aRollbackToAProfileThatAlsoFailsEscalates() {
        Replay replay = new Replay(BTC, EstimatorProfiles.A1, EstimatorProfiles.BASELINE);
        assertThat(replay.signals()).containsExactly(
                "BREACHING 2024-08-08T23:57:00Z",
                "BREACHING 2024-08-08T23:58:00Z",
                "PENDING 2024-08-08T23:59:00Z",
                "EXECUTED 2024-08-08T23:59:30Z",
                "FAILED 2024-08-09T00:04:30Z");
        RollbackTransition failed = replay.transitions.get(4);
        assertThat(failed.passes).isZero();
        assertThat(failed.checks).isEqualTo(4);
        assertThat(failed.reason).startsWith("rollback failed: 0 of 4 checks of baseline passed (0%)");
    }

    @Test
    void aReplayThatDoesNotBreachRollsNothingBack() {
        Replay replay = new Replay(BTC, EstimatorProfiles.CALIBRATED, EstimatorProfiles.BASELINE);
        assertThat(replay.reports).extracting(r -> r.level).doesNotContain(QualityLevel.ROLLBACK);
        assertThat(replay.transitions).isEmpty();
    }

    @Test
    void thePlainRatioTriggersTwoMinutesEarlierOnTheFirstSmallWindows() {
        QualitySettings ratio = BTC.withSymbolOverrides(Map.of("breach-test", "ratio"), "x");
        Replay replay = new Replay(ratio, EstimatorProfiles.A1, EstimatorProfiles.CALIBRATED);
        assertThat(replay.signals()).startsWith(
                "BREACHING 2024-08-08T23:55:00Z",
                "BREACHING 2024-08-08T23:56:00Z",
                "PENDING 2024-08-08T23:57:00Z");
    }
}
