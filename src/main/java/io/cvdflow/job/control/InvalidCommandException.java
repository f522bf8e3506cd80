package io.cvdflow.job.control;

/** A control command that cannot be applied; the message says why. */
public class InvalidCommandException extends Exception {
    public InvalidCommandException(String message) {
        super(message);
    }
}
