package dev.sluice.api.spi;

import dev.sluice.api.Config;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Membership of a group of containers that run one stream, kept by a substrate they share (Kafka's
 * consumer groups): one member at a time leads and runs the stream, the others stand by, and a
 * member that leaves or dies is replaced by another within the substrate's session timeout. In
 * OSGi a service with the property {@value #TYPE}.
 */
@ConsumerType
public interface GroupMembership {

    /** The service property naming the substrate, e.g. {@code kafka}. */
    String TYPE = "sluice.group.type";

    /**
     * The key the runtime adds to the configs of the sources and sinks of a stream whose work the
     * members of a group share (every member runs it; see {@link SourceProvider#sharesWork}): the
     * group's name. A source given it takes only the part of its input the group assigns to this
     * member; a sink given it commits that part's progress with its output.
     */
    String SHARED_GROUP = "sluice.group.shared";

    /** Beside {@link #SHARED_GROUP}: how long a member that stopped answering (killed) keeps its part, e.g. {@code 6000ms}. */
    String SHARED_SESSION_TIMEOUT = "sluice.group.sessionTimeout";

    /**
     * Beside {@link #SHARED_GROUP}: how many inputs the shared stream has, e.g. {@code 2}. A source
     * plugin that reads several inputs as one ({@link SourceProvider#joinsSharedInputs}) starts
     * reading once that many of its sources have started.
     */
    String SHARED_INPUTS = "sluice.group.inputs";

    /** Told when this member becomes the leader, and when it stops being one; called on the membership's own thread. */
    interface Leadership {
        void elected();

        void revoked();
    }

    /** This container's place in a group: leave it with {@link #close}, and the leadership moves at once. */
    interface Member extends AutoCloseable {

        /**
         * The members, as {@code host/pid} names, the leader first, as the substrate last told them: kept
         * current by the membership's own thread while they are asked for, never asked for here (the stream
         * manager calls it under its lock); what was last seen while the substrate cannot be asked or after
         * a spell in which no one asked, empty before it first answered.
         */
        List<String> members();

        @Override
        void close();
    }

    /**
     * Joins {@code group} as {@code member} ({@code host/pid}), with the substrate's settings in
     * {@code config} (e.g. {@code brokers}, {@code sessionTimeout}); refuse bad settings with a
     * {@link dev.sluice.api.ConfigException} naming the key.
     */
    Member join(String group, String member, Config config, Leadership leadership);

    /** Where the members of this substrate's groups post their status; empty when it keeps none. */
    default Optional<GroupStatusBoard> statusBoard() {
        return Optional.empty();
    }

    /**
     * How the members of a group that share a stream exchange the keys of its keyed stages; empty
     * when the substrate cannot, and then a stream with keyed stages runs on one member at a time.
     */
    default Optional<KeyExchange> keyExchange() {
        return Optional.empty();
    }
}
