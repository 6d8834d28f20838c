package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's pin on its group's status board (kept by the group plugin): it posts this member's
 * report every {@link #EVERY} (its role, and its latest batch and delays as {@link BatchStats}
 * recorded them), so that a member standing by shows it is alive too, and it reads the group's
 * view for {@code stream:status}. Closed, it takes the report off the board: the member left.
 */
final class GroupReporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupReporter.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final String group;
    /** Null when the board could not be opened; then {@code problem} says why. */
    private final GroupStatusBoard.Pin pin;
    private final String problem;
    /** Whether the pin is missing for want of the group plugin: opened again when plugins change. */
    private final boolean pluginMissing;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private GroupReporter(String group, GroupStatusBoard.Pin pin, String problem, boolean pluginMissing,
                          Supplier<MemberReport> report) {
        this.group = group;
        this.pin = pin;
        this.problem = problem;
        this.pluginMissing = pluginMissing;
        if (pin == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-status-" + group);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> post(report), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the board of the group {@code args} names (the caller has checked it names one); a
     * reporter without a pin, saying why, when the group plugin is missing, keeps no board, or
     * refuses the settings. {@code report} is asked on the reporter's thread; null posts nothing.
     */
    static GroupReporter open(Plugins plugins, Config args, Supplier<MemberReport> report) {
        String group = ContextSettings.GROUP.find(args).orElseThrow();
        Optional<GroupMembership> membership = plugins.group(GroupSeat.PLUGIN.type());
        if (membership.isEmpty()) {
            return new GroupReporter(group, null, "no group plugin (" + GroupSeat.PLUGIN + ") is installed: the"
                    + " members' status cannot be read", true, report);
        }
        Optional<GroupStatusBoard> board = membership.get().statusBoard();
        if (board.isEmpty()) {
            return new GroupReporter(group, null, "the group plugin keeps no status of the members", false, report);
        }
        try {
            return new GroupReporter(group, board.get().open(group, GroupSeat.memberName(), GroupSeat.settings(args)),
                    null, false, report);
        } catch (RuntimeException e) {
            LOG.warn("Cannot post this member's status in group {}: {}", group, e.getMessage());
            return new GroupReporter(group, null, "cannot post or read the members' status: " + e.getMessage(), false,
                    report);
        }
    }

    /** Whether this reporter waits for the group plugin, and so should be opened again once plugins change. */
    boolean waitsForPlugin() {
        return pluginMissing;
    }

    private void post(Supplier<MemberReport> report) {
        try {
            MemberReport r = report.get();
            if (r != null) {
                pin.post(r);
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not post this member's status in group {}: {}", group, e.getMessage(), e);
            }
            failing = true;
        }
    }

    /** The group now, as its board last told it. */
    GroupView view() {
        return pin == null ? GroupView.unavailable(group, problem) : pin.view();
    }

    /** What a member in {@code state} does with its stream; {@code shared}: every member runs it on its part. */
    static MemberRole role(StreamState state, boolean shared) {
        return switch (state) {
            case RUNNING -> shared ? MemberRole.SHARING : MemberRole.RUNNING;
            case STANDBY -> MemberRole.STANDING_BY;
            case FAILED -> MemberRole.FAILED;
            case WAITING, STOPPED -> MemberRole.WAITING;
        };
    }

    /** Closes {@code reporter}, if there is one; returns null, the reporter to keep. */
    static GroupReporter leave(GroupReporter reporter) {
        if (reporter != null) {
            reporter.close();
        }
        return null;
    }

    /** Stops posting and takes this member's report off the board. */
    @Override
    public void close() {
        if (pin != null) {
            timer.shutdownNow();
            pin.close();
        }
    }
}
