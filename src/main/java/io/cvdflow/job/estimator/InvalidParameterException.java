package io.cvdflow.job.estimator;

/** A parameter that is unknown, unparsable or out of bounds; the message names the key, the value and the bound. */
public class InvalidParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(message);
    }
}
