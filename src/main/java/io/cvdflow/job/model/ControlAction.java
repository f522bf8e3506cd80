package io.cvdflow.job.model;

/** The commands of {@code cvd.control}. */
public enum ControlAction {
    /** Run the symbol (or every symbol, {@code *}) on another named profile. */
    SWITCH_PROFILE,
    /** Set parameters on top of the symbol's current profile. */
    SET_PARAMETERS,
    /** Check that the symbol's parameters in force have this fingerprint; acknowledged or refused. */
    PIN_FINGERPRINT
}
