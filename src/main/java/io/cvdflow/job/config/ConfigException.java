package io.cvdflow.job.config;

/** A configuration that must not start: the message names the key, the value and the bound or rule. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
