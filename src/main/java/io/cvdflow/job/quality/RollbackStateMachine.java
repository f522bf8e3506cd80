package io.cvdflow.job.quality;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The automatic rollback flow of one symbol, on event time only, so a replay gives the same transitions at the
 * same times. The state lives in a {@link RollbackStatus} the caller keeps (Flink keyed state); this class holds
 * only the configuration.
 *
 * <ol>
 *   <li>NORMAL: a ROLLBACK-level check starts a streak (BREACHING, one signal per failing check). Any other
 *       conclusive check resets it (NORMAL). An INCONCLUSIVE check is no evidence either way: it neither counts
 *       nor breaks the streak.
 *   <li>The {@code rollback-consecutive-checks}-th failing check triggers (PENDING) with a target: the profile
 *       that ran before the current one, else the configured rollback profile, never the current one. Without a
 *       target the trigger escalates at once (FAILED). Checks during PENDING change nothing: the trigger holds.
 *   <li>At trigger + {@code rollback-delay}: EXECUTED (the caller switches the profile), then VERIFYING.
 *   <li>At execution + {@code verification-period}: CONFIRMED (then NORMAL on the new profile) when more than
 *       {@code verification-pass-ratio} of the counted checks passed, else FAILED. Counted are the conclusive
 *       checks whose window lies entirely within the period and that ran on the target profile (a window still
 *       on the old profile says nothing about the new one); passing means below ROLLBACK. No counted check
 *       means FAILED. A failing check during verification is a fail, never a second trigger.
 *   <li>FAILED stays until an operator acts, which the machine sees as a profile or fingerprint change in the
 *       checks; so does an operator's switch in any other state: the flow returns to NORMAL (streak reset,
 *       pending rollback cancelled, verification abandoned, escalation cleared). The switch a rollback itself
 *       ordered is not an operator's.
 * </ol>
 *
 * <p>Time: a deadline's transition carries the deadline, however late the caller reports the time. A check
 * first fires the deadlines before its window end, then counts, then fires the deadline at its window end (a
 * window ending at the verification deadline is counted). A check ending at or before the latest time acted on
 * is late and ignored. {@link #onTimer} before a deadline does nothing, so stale or early timers are harmless.
 */
public final class RollbackStateMachine implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    private final int consecutiveChecks;
    private final long delayMs;
    private final long verificationMs;
    private final double passRatio;
    private final String rollbackProfile;

    /**
     * @param settings the job's settings: the flow's numbers are job-wide keys, so one machine serves all symbols
     * @param rollbackProfile the configured rollback profile, the target when no previous profile is known
     */
    public RollbackStateMachine(QualitySettings settings, String rollbackProfile) {
        this.consecutiveChecks = settings.rollbackChecks();
        this.delayMs = settings.rollbackDelayMs();
        this.verificationMs = settings.verificationMs();
        this.passRatio = settings.verificationPassRatio();
        this.rollbackProfile = rollbackProfile;
    }

    /** Takes one quality check, judged, and returns the transitions it causes, in order. */
    public List<RollbackTransition> onCheck(RollbackStatus s, QualityReport check) {
        List<RollbackTransition> out = new ArrayList<>(2);
        if (check.windowEndMs <= s.timeMs) {
            return out;
        }
        fireDeadlines(s, check.windowEndMs - 1, out);
        s.timeMs = check.windowEndMs;
        if (s.symbol == null) {
            s.symbol = check.symbol;
        }
        MetricSnapshot m = MetricSnapshot.of(check);
        observeConfiguration(s, check, m, out);
        switch (s.state) {
            case NORMAL:
            case BREACHING:
                streak(s, check, m, out);
                break;
            case VERIFYING:
                verify(s, check, m);
                break;
            default:
                break;
        }
        fireDeadlines(s, check.windowEndMs, out);
        return out;
    }

    /** Fires the deadlines at or before {@code timeMs}, each at its own time. */
    public List<RollbackTransition> onTimer(RollbackStatus s, long timeMs) {
        List<RollbackTransition> out = new ArrayList<>(2);
        fireDeadlines(s, timeMs, out);
        return out;
    }

    /** The event time the caller must call {@link #onTimer} at, or {@link #NO_DEADLINE}. */
    public static long nextDeadlineMs(RollbackStatus s) {
        return s.state == RollbackState.PENDING || s.state == RollbackState.VERIFYING ? s.deadlineMs : NO_DEADLINE;
    }

    private void observeConfiguration(RollbackStatus s, QualityReport check, MetricSnapshot m,
            List<RollbackTransition> out) {
        if (s.profile == null && s.fingerprint == null) {
            s.profile = check.profile;
            s.fingerprint = check.fingerprint;
            return;
        }
        boolean profileChanged = !Objects.equals(check.profile, s.profile);
        if (!profileChanged && Objects.equals(check.fingerprint, s.fingerprint)) {
            return;
        }
        if (s.state == RollbackState.VERIFYING && profileChanged
                && Objects.equals(s.profile, s.fromProfile) && Objects.equals(check.profile, s.toProfile)) {
            s.profile = check.profile;
            s.fingerprint = check.fingerprint;
            return;
        }
        String change = profileChanged
                ? "profile " + s.profile + " -> " + check.profile
                : "the parameters of " + s.profile
                        + " (fingerprint " + s.fingerprint + " -> " + check.fingerprint + ")";
        String from = s.profile;
        if (profileChanged) {
            s.previousProfile = s.profile;
        }
        s.profile = check.profile;
        s.fingerprint = check.fingerprint;
        RollbackState before = s.state;
        toNormal(s);
        if (before != RollbackState.NORMAL) {
            out.add(transition(s, RollbackState.NORMAL, check.windowEndMs, from, check.profile,
                    "operator changed " + change + ": " + abandoned(before), m));
        }
    }

    private static String abandoned(RollbackState before) {
        switch (before) {
            case BREACHING:
                return "failing streak reset";
            case PENDING:
                return "pending rollback cancelled";
            case VERIFYING:
                return "verification abandoned";
            default:
                return "escalation cleared";
        }
    }

    private void streak(RollbackStatus s, QualityReport check, MetricSnapshot m, List<RollbackTransition> out) {
        if (check.level == QualityLevel.INCONCLUSIVE) {
            return;
        }
        long t = check.windowEndMs;
        if (check.level != QualityLevel.ROLLBACK) {
            if (s.state == RollbackState.BREACHING) {
                int was = s.streak;
                toNormal(s);
                out.add(transition(s, RollbackState.NORMAL, t, s.profile, null, "check at " + check.level
                        + " after " + was + " failing check(s): streak reset", m));
            }
            return;
        }
        s.streak++;
        String target = target(s);
        if (s.streak < consecutiveChecks) {
            s.state = RollbackState.BREACHING;
            out.add(transition(s, RollbackState.BREACHING, t, s.profile, target,
                    "failing check " + s.streak + " of " + consecutiveChecks + ": " + check.breaches, m));
        } else if (target == null) {
            s.state = RollbackState.FAILED;
            s.fromProfile = s.profile;
            s.toProfile = null;
            out.add(transition(s, RollbackState.FAILED, t, s.profile, null, consecutiveChecks
                    + " consecutive failing checks but no profile to roll back to (" + s.profile
                    + " is the rollback profile or was rolled back to): escalated, waiting for an operator", m));
        } else {
            s.state = RollbackState.PENDING;
            s.fromProfile = s.profile;
            s.toProfile = target;
            s.deadlineMs = t + delayMs;
            s.trigger = m;
            out.add(transition(s, RollbackState.PENDING, t, s.fromProfile, s.toProfile, consecutiveChecks
                    + " consecutive failing checks: rollback at " + Instant.ofEpochMilli(s.deadlineMs)
                    + " (" + check.breaches + ")", m));
        }
    }

    /** The previous profile, else the configured rollback profile; never the current one. */
    private String target(RollbackStatus s) {
        if (s.previousProfile != null && !s.previousProfile.equals(s.profile)) {
            return s.previousProfile;
        }
        if (rollbackProfile != null && !rollbackProfile.equals(s.profile)) {
            return rollbackProfile;
        }
        return null;
    }

    private void verify(RollbackStatus s, QualityReport check, MetricSnapshot m) {
        if (check.windowStartMs < s.executedAtMs
                || check.level == QualityLevel.INCONCLUSIVE
                || !Objects.equals(check.profile, s.toProfile)) {
            return;
        }
        s.checks++;
        if (check.level == QualityLevel.ROLLBACK) {
            s.evidence = m;
        } else {
            s.passes++;
            if (s.evidence == null || s.evidence.level != QualityLevel.ROLLBACK) {
                s.evidence = m;
            }
        }
    }

    private void fireDeadlines(RollbackStatus s, long upToMs, List<RollbackTransition> out) {
        while (nextDeadlineMs(s) != NO_DEADLINE && s.deadlineMs <= upToMs) {
            long t = s.deadlineMs;
            s.timeMs = Math.max(s.timeMs, t);
            if (s.state == RollbackState.PENDING) {
                execute(s, t, out);
            } else {
                conclude(s, t, out);
            }
        }
    }

    private void execute(RollbackStatus s, long t, List<RollbackTransition> out) {
        s.state = RollbackState.VERIFYING;
        s.streak = 0;
        s.executedAtMs = t;
        s.deadlineMs = t + verificationMs;
        s.checks = 0;
        s.passes = 0;
        s.evidence = null;
        out.add(transition(s, RollbackState.EXECUTED, t, s.fromProfile, s.toProfile, "rollback " + s.fromProfile
                + " -> " + s.toProfile + " executed; verifying until " + Instant.ofEpochMilli(s.deadlineMs),
                s.trigger));
    }

    private void conclude(RollbackStatus s, long t, List<RollbackTransition> out) {
        boolean confirmed = s.checks > 0 && (double) s.passes / s.checks > passRatio;
        String tally = s.checks == 0
                ? "no conclusive check of " + s.toProfile + " in the verification period"
                : s.passes + " of " + s.checks + " checks of " + s.toProfile + " passed ("
                        + QualityEvaluator.digits(100.0 * s.passes / s.checks) + "%), "
                        + (confirmed ? "more than " : "not more than ")
                        + QualityEvaluator.digits(100 * passRatio) + "%";
        s.deadlineMs = NO_DEADLINE;
        if (confirmed) {
            out.add(transition(s, RollbackState.CONFIRMED, t, s.fromProfile, s.toProfile,
                    "rollback confirmed: " + tally, s.evidence));
            s.profile = s.toProfile;
            s.previousProfile = null;
            toNormal(s);
        } else {
            s.state = RollbackState.FAILED;
            out.add(transition(s, RollbackState.FAILED, t, s.fromProfile, s.toProfile,
                    "rollback failed: " + tally + "; escalated, waiting for an operator", s.evidence));
        }
    }

    private static void toNormal(RollbackStatus s) {
        s.state = RollbackState.NORMAL;
        s.streak = 0;
        s.fromProfile = null;
        s.toProfile = null;
        s.deadlineMs = NO_DEADLINE;
        s.checks = 0;
        s.passes = 0;
        s.trigger = null;
        s.evidence = null;
    }

    private static RollbackTransition transition(RollbackStatus s, RollbackState state, long t, String from,
            String to, String reason, MetricSnapshot metrics) {
        RollbackTransition x = new RollbackTransition();
        x.symbol = s.symbol;
        x.state = state;
        x.fromProfile = from;
        x.toProfile = to;
        x.reason = reason;
        x.eventTimeMs = t;
        x.streak = s.streak;
        x.checks = s.checks;
        x.passes = s.passes;
        x.metrics = metrics;
        return x;
    }
}
