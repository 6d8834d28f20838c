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
import dev.sluice.runtime.internal.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's pin on its group's status board (kept by the group plugin), while it is started with a
 * group: it posts this member's report every {@link #EVERY} (its role, and its latest batch and
 * delays as {@link BatchStats} recorded them), so that a member standing by shows it is alive too,
 * and it reads the group's view for {@code stream:status}. Closed, it takes the report off the
 * board: the member left. Callers synchronize, as for {@link ManagedStream}; the posting thread
 * reads only the stream's volatile state and stats.
 */
final class GroupReporter {

    private static final Logger LOG = LoggerFactory.getLogger(GroupReporter.class);
    static final Duration EVERY = Duration.ofSeconds(1);

    private final String stream;
    private final Plugins plugins;
    private final Clock clock;
    private final Supplier<StreamState> state;
    private final Supplier<BatchStats> stats;
    /** Whether every member of the group runs the stream on its part of the input. */
    private volatile boolean shared;
    private String group;
    /** Null while not open, or when the board could not be opened; then {@code problem} says why. */
    private GroupStatusBoard.Pin pin;
    private String problem;
    /** Whether the pin is missing for want of the group plugin: opened once plugins change. */
    private boolean pluginMissing;
    private ScheduledExecutorService timer;
    private volatile boolean failing;

    GroupReporter(String stream, Plugins plugins, Clock clock, Supplier<StreamState> state,
                  Supplier<BatchStats> stats) {
        this.stream = stream;
        this.plugins = plugins;
        this.clock = clock;
        this.state = state;
        this.stats = stats;
    }

    /** The stream starts again, perhaps in another group: the last run's place is left. */
    void restart() {
        close();
        shared = false;
    }

    /** Every member of the group runs the stream. */
    void shared() {
        shared = true;
    }

    /**
     * Opens the board of the group {@code args} names, unless the stream is in none, is stopped, or
     * has it open already; without a pin, it says why (the group plugin is missing, keeps no board,
     * or refuses the settings), and tries again once the plugin comes.
     */
    void open(Config args) {
        Optional<String> named = ContextSettings.GROUP.find(args);
        if (named.isEmpty() || state.get() == StreamState.STOPPED || (group != null && !pluginMissing)) {
            return;
        }
        close();
        group = named.get();
        Optional<GroupMembership> membership = plugins.group(GroupSeat.PLUGIN.type());
        pluginMissing = membership.isEmpty();
        Optional<GroupStatusBoard> board = membership.flatMap(GroupMembership::statusBoard);
        if (membership.isEmpty() || board.isEmpty()) {
            problem = membership.isEmpty() ? "no group plugin (" + GroupSeat.PLUGIN + ") is installed: the members'"
                    + " status cannot be read" : "the group plugin keeps no status of the members";
            return;
        }
        try {
            pin = board.get().open(group, GroupSeat.memberName(), GroupSeat.settings(args));
        } catch (RuntimeException e) {
            LOG.warn("Cannot post this member's status in group {}: {}", group, e.getMessage());
            problem = "cannot post or read the members' status: " + e.getMessage();
            return;
        }
        GroupStatusBoard.Pin posting = pin;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-status-" + group);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> post(posting), 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void post(GroupStatusBoard.Pin to) {
        try {
            StreamState now = state.get();
            if (now != StreamState.STOPPED) {
                BatchStats batches = stats.get();
                to.post(new MemberReport(stream, role(now, shared), batches.lastCompleted(),
                        batches.delays(clock.millis())));
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("Could not post this member's status in group {}: {}", group, e.getMessage(), e);
            }
            failing = true;
        }
    }

    /** The group now, as its board last told it; empty outside a group. */
    Optional<GroupView> view() {
        if (group == null) {
            return Optional.empty();
        }
        return Optional.of(pin == null ? GroupView.unavailable(group, problem) : pin.view());
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

    /** Stops posting and takes this member's report off the board. */
    void close() {
        if (pin != null) {
            timer.shutdownNow();
            pin.close();
        }
        pin = null;
        timer = null;
        group = null;
        problem = null;
        pluginMissing = false;
    }
}
