package dev.sluice.web.internal.http;

/** Where the web view answers. */
final class Paths {

    static final String ROOT = "/sluice";
    static final String LOGIN = ROOT + "/login";
    static final String API = ROOT + "/api";
    static final String METRICS = ROOT + "/metrics";
    /** Where a login leads. */
    static final String HOME = ROOT + "/";

    private Paths() {
    }
}
