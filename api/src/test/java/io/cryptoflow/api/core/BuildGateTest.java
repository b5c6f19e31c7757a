package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildGateTest {

    @Test
    void aBuildWaitsForAFreeSlotAndFailsBusyOnlyAfterTheWait() throws Exception {
        BuildGate gate = new BuildGate("depth", 1, 4, Duration.ofMillis(200));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> first = pool.submit(() -> gate.run(() -> {
                inside.countDown();
                await(release);
                return "first";
            }));
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> gate.run(() -> "second"))
                    .isInstanceOf(DatabaseBusyException.class).hasMessageContaining("waited 200 ms");
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(gate.run(() -> "third")).as("the slot is free again").isEqualTo("third");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullQueueFailsAtOnce() {
        BuildGate gate = new BuildGate("depth", 1, 0, Duration.ofSeconds(5));
        assertThatThrownBy(() -> gate.run(() -> gate.run(() -> "while the slot is taken")))
                .isInstanceOf(DatabaseBusyException.class).hasMessageContaining("queue full");
        assertThat(gate.run(() -> "free")).as("a free slot needs no queue").isEqualTo("free");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
