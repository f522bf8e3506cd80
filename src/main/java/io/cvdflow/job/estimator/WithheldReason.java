package io.cvdflow.job.estimator;

/** Why a trade has no Z, or {@link #NONE} when it has one. */
public enum WithheldReason {
    NONE,
    /** Too few trades (or window values) yet. */
    WARMUP,
    /** The trade follows a gap longer than the soft or hard freeze, or is one of the trades after it. */
    STALE,
    /**
     * The scale is degenerate. A delta Z is withheld when its scale is at the 1e-9 floor; a level Z is then
     * reported as 0 (so this reason can come with a Z of 0).
     */
    FLAT,
    /** The quantity is not a finite number > 0: the trade was refused and the state is unchanged. */
    REJECTED
}
