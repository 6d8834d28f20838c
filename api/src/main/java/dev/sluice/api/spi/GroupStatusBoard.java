package dev.sluice.api.spi;

import dev.sluice.api.Config;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where the members of a group post their status and read each other's, kept by the group's
 * substrate (a compacted Kafka topic): what {@code stream:status} shows of the group on any member.
 * Offered by a {@link GroupMembership} plugin through {@link GroupMembership#statusBoard}.
 */
@ConsumerType
public interface GroupStatusBoard {

    /** One member's place on a group's board: post to it, read the group from it, and leave it with {@link #close}. */
    interface Pin extends AutoCloseable {

        /** Replaces this member's report; never waits for the substrate (a report that cannot be sent is dropped). */
        void post(MemberReport report);

        /**
         * The group now, as the substrate last told it (members, their reports, the partitions each
         * owns); never waits long: when the substrate cannot be asked, {@link GroupView#problem} says so.
         */
        GroupView view();

        /** Takes this member's report off the board (it left cleanly) and releases what {@link #open} took. */
        @Override
        void close();
    }

    /**
     * Opens {@code member}'s ({@code host/pid}) place on {@code group}'s board, with the substrate's
     * settings in {@code config} as for {@link GroupMembership#join} (e.g. {@code brokers},
     * {@code sessionTimeout}); refuses bad settings with a {@link dev.sluice.api.ConfigException}
     * naming the key.
     */
    Pin open(String group, String member, Config config);
}
