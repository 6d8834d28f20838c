package dev.sluice.runtime.internal.manager;

import dev.sluice.api.Config;
import dev.sluice.api.SluiceException;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.runtime.internal.settings.ContextSettings;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A stream's seat in a group of containers: it joins through the group plugin, and hands the
 * news that this container leads, or no longer does, to {@code leads} on a thread of its own, so
 * that the membership's thread never waits for the stream manager.
 */
final class GroupSeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupSeat.class);

    private final String group;
    private final ScheduledExecutorService news;
    private final GroupMembership.Member member;
    private volatile boolean leader;
    private volatile boolean closed;

    private GroupSeat(String group, GroupMembership membership, Config args, Consumer<Boolean> leads) {
        this.group = group;
        this.news = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-group-" + group);
            t.setDaemon(true);
            return t;
        });
        Config settings = settings(args);
        GroupMembership.Leadership leadership = new GroupMembership.Leadership() {
            @Override
            public void elected() {
                tell(true, leads);
            }

            @Override
            public void revoked() {
                tell(false, leads);
            }
        };
        try {
            this.member = membership.join(group, memberName(), settings, leadership);
        } catch (RuntimeException e) {
            news.shutdownNow();
            throw e;
        }
    }

    /** The group plugin's settings among a stream's arguments: {@code group.brokers}, {@code group.sessionTimeout}. */
    static Config settings(Config args) {
        Config settings = Config.of("sessionTimeout",
                ContextSettings.GROUP_SESSION_TIMEOUT.get(args).toMillis() + "ms");
        var brokers = ContextSettings.GROUP_BROKERS.find(args);
        return brokers.isPresent() ? settings.with("brokers", brokers.get()) : settings;
    }

    /** The plugin that keeps groups. */
    static final PluginRef PLUGIN = PluginRef.group("kafka");

    /** Joins the group {@code args} names (the caller has checked it names one); empty while the group plugin is missing. */
    static Optional<GroupSeat> join(Plugins plugins, Config args, Consumer<Boolean> leads) {
        Optional<GroupMembership> membership = plugins.group(PLUGIN.type());
        if (membership.isEmpty()) {
            return Optional.empty();
        }
        String group = ContextSettings.GROUP.find(args).orElseThrow();
        GroupSeat seat;
        try {
            seat = new GroupSeat(group, membership.get(), args, leads);
        } catch (RuntimeException e) {
            throw new SluiceException("could not join group " + group + ": " + e.getMessage(), e);
        }
        LOG.info("Joined group {} as {}: the stream stands by until this container leads", seat.group, memberName());
        return Optional.of(seat);
    }

    private void tell(boolean leads, Consumer<Boolean> to) {
        leader = leads;
        if (!closed) {
            news.execute(() -> {
                if (!closed) {
                    to.accept(leads);
                }
            });
        }
    }

    /** A start this container could not make as the leader is tried again shortly, while it still leads. */
    void retryLater(Consumer<Boolean> leads) {
        if (!closed) {
            news.schedule(() -> {
                if (!closed && leader) {
                    leads.accept(true);
                }
            }, 1, TimeUnit.SECONDS);
        }
    }

    String group() {
        return group;
    }

    boolean leader() {
        return leader;
    }

    /** The members, the leader first, as the plugin last saw them: called under the manager's lock, it never waits. */
    List<String> members() {
        return member.members();
    }

    /** {@code host/pid}: what the group calls this container. */
    static String memberName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** Leaves {@code seat}'s group, if it has one; returns null, the seat to keep. */
    static GroupSeat leave(GroupSeat seat) {
        if (seat != null) {
            seat.close();
        }
        return null;
    }

    /** Leaves the group: another member takes the lead at once. */
    @Override
    public void close() {
        closed = true;
        member.close();
        news.shutdownNow();
    }
}
