package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitQuietTest {

    private final AtomicLong compiledMs = new AtomicLong();
    private final AtomicLong now = new AtomicLong();
    private final JitQuiet jit = new JitQuiet(compiledMs::get, now::get);

    private void second(long compileMs) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        compiledMs.addAndGet(compileMs);
    }

    @Test
    void quietAfterTwoWholeSecondsWithTheCompilersUnderTwoPercent() {
        second(900);
        assertThat(jit.quiet()).as("compiling").isFalse();
        second(10);
        assertThat(jit.quiet()).as("one quiet second is not enough").isFalse();
        second(5);
        assertThat(jit.quiet()).isTrue();
        assertThat(jit.sharesPercent()).containsExactly(90, 1, 1);
    }

    @Test
    void aBurstOfCompilationStartsTheQuietCountOver() {
        second(0);
        jit.quiet();
        second(300);
        assertThat(jit.quiet()).isFalse();
        second(0);
        assertThat(jit.quiet()).isFalse();
        second(0);
        assertThat(jit.quiet()).isTrue();
    }

    @Test
    void roundsWithinAWindowDoNotCloseIt() {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(jit.quiet()).isFalse();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(jit.quiet()).isFalse();
        assertThat(jit.sharesPercent()).isEmpty();
    }

    @Test
    void withoutCompilationTimeItIsNeverQuiet() {
        JitQuiet never = JitQuiet.never();
        assertThat(never.quiet()).isFalse();
    }
}
