package dev.sluice.web.internal.http;

/** The version of uPlot's WebJar this bundle carries (the parent pom's uplot.version). */
final class Versions {

    static final String UPLOT = "1.6.30";

    private Versions() {
    }
}
