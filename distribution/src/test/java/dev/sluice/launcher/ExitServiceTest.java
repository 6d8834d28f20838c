package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExitServiceTest {

    private final AtomicInteger stops = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ExitService exit = new ExitService(() -> {
        stops.incrementAndGet();
        stopped.countDown();
    });

    @Test
    void shouldKeepTheFirstStatusAndStopTheFrameworkOnce() throws Exception {
        exit.accept(3);
        exit.accept(0);

        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(exit.status(0)).isEqualTo(3);
        assertThat(stops).hasValue(1);
    }

    @Test
    void shouldReportTheFallbackWhenNobodyGaveAStatus() {
        assertThat(exit.status(0)).isZero();
        assertThat(stops).hasValue(0);
    }
}
