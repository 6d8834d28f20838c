package dev.sluice.kafka;

import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Commits a Kafka transaction and learns how it ended. A {@code commitTransaction} that times out or
 * is interrupted has told the broker to commit, which may still do so: such a transaction can no
 * longer be aborted, and writing its part again would double it once the broker commits. Kafka's
 * producer waits for the same commit when {@code commitTransaction} is called again, so this does
 * until it is decided, or {@link Undecided} once {@code patience} has passed.
 */
public final class TransactionCommit {

    /** How long a writer waits by default for a commit Kafka has not confirmed: longer than a transaction lives. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    /**
     * The commit was asked for but not confirmed in time: the transaction may be committed or not.
     * The producer can neither abort nor begin another; a new one with the same transactional id
     * settles it (the broker finishes the commit, or aborts what never reached it) before it begins.
     */
    public static final class Undecided extends RuntimeException {

        Undecided(Duration waited, RuntimeException cause) {
            super("Kafka did not confirm the transaction's commit within " + waited.toSeconds() + " s ("
                    + cause.getMessage() + "); it may be committed or not", cause);
        }
    }

    private TransactionCommit() {
    }

    /**
     * Settles an {@link Undecided} commit: closes its producer, giving it up to {@code timeout} to send
     * the commit it was asked for (a close lets a commit in progress finish, and aborts only a
     * transaction not being committed), then runs {@code reopen}, which makes a producer with the same
     * transactional id: its start waits until the broker has decided. An interrupt of the calling
     * thread would cut both short, so it is put aside meanwhile and kept.
     */
    public static void settle(Producer<?, ?> undecided, Duration timeout, Runnable reopen) {
        boolean interrupted = Thread.interrupted();
        try {
            undecided.close(timeout);
            reopen.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Commits {@code producer}'s transaction: returns once it is committed; throws Kafka's exception
     * when the commit failed (then the transaction is not committed) or {@link Undecided}. An
     * interrupt does not end the wait; the thread stays interrupted.
     */
    public static void commit(Producer<?, ?> producer, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    producer.commitTransaction();
                    return;
                } catch (TimeoutException | InterruptException e) {
                    // Kafka's InterruptException sets the flag again: clear it, or the next wait ends at once
                    interrupted |= Thread.interrupted();
                    if (System.nanoTime() - deadline >= 0) {
                        throw new Undecided(patience, e);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
