package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Time;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What serves each part of a stream's running version, and its live upgrades, the latest 100. */
final class UpgradeLog {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeLog.class);
    private static final int KEPT = 100;

    private final String stream;
    private PluginVersions versions = PluginVersions.none();
    private final List<String> upgrades = new ArrayList<>();

    UpgradeLog(String stream) {
        this.stream = stream;
    }

    /** A version started: from scratch, or ({@code firstBatch} not null) as a live upgrade from the one before. */
    void started(PluginVersions now, Time firstBatch) {
        if (firstBatch != null) {
            for (String line : versions.upgradesTo(now, firstBatch)) {
                LOG.info("Stream {} {}", stream, line);
                upgrades.add(line);
            }
            while (upgrades.size() > KEPT) {
                upgrades.remove(0);
            }
        }
        versions = now;
    }

    PluginVersions versions() {
        return versions;
    }

    List<String> upgrades() {
        return List.copyOf(upgrades);
    }
}
