package dev.sluice.api.listener;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Notified of batch and receiver events on a listener thread of the stream's own, in order.
 * A listener that throws is logged and keeps receiving events.
 */
@ConsumerType
public interface StreamingListener {

    /** A batch's jobs were generated and queued. */
    default void onBatchSubmitted(BatchInfo batch) {
    }

    /** A batch's first output operation started. */
    default void onBatchStarted(BatchInfo batch) {
    }

    /** All of a batch's output operations ended, successfully or not (see {@link BatchInfo#failure()}). */
    default void onBatchCompleted(BatchInfo batch) {
    }

    default void onReceiverStarted(ReceiverInfo receiver) {
    }

    default void onReceiverError(ReceiverInfo receiver) {
    }

    default void onReceiverStopped(ReceiverInfo receiver) {
    }
}
