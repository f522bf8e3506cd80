package io.cvdflow.job.estimator;

/** What a Z measures. */
public enum ZMode implements NamedOption {
    /** A1: the trade's signed quantity over a robust scale of recent quantities. */
    DELTA("delta"),
    /** The CVD level against the mean and standard deviation of the previous CVD values. */
    LEVEL("level"),
    /** The trade's size ranked against recent sizes and mapped to a standard normal deviate. */
    CALIBRATED("calibrated");

    private final String configName;

    ZMode(String configName) {
        this.configName = configName;
    }

    @Override
    public String configName() {
        return configName;
    }
}
