package dev.sluice.shell.internal;

import java.time.Duration;

/** Waiting between two looks at something that cannot be awaited; tests pass one that moves a fake clock. */
@FunctionalInterface
interface Pause {

    Pause SLEEP = d -> Thread.sleep(d.toMillis());

    void pause(Duration duration) throws InterruptedException;
}
