package dev.sluice.api;

/** A configuration key or application argument is unknown or has a value that cannot be used. */
public class ConfigException extends SluiceException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
