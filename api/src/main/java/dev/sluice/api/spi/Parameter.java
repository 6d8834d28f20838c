package dev.sluice.api.spi;

/** A key an application accepts, with its default and a line of help. */
public record Parameter(String key, String defaultValue, String description) {

    public static Parameter of(String key, String defaultValue, String description) {
        return new Parameter(key, defaultValue, description);
    }
}
