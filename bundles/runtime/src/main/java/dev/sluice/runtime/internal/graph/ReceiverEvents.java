package dev.sluice.runtime.internal.graph;

import dev.sluice.api.listener.ReceiverInfo;

/** Where a supervisor reports its receiver's life, e.g. the listener bus. */
public interface ReceiverEvents {

    void started(ReceiverInfo info);

    void error(ReceiverInfo info);

    void stopped(ReceiverInfo info);
}
