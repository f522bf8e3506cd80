package io.cvdflow.job.estimator;

/** An enum parameter value with the spelling configuration files use for it. */
public interface NamedOption {
    /** The canonical spelling, for example {@code event-time}. */
    String configName();
}
