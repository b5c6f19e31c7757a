package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecentReplicaStampTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicReference<String> inDb = new AtomicReference<>("1:100");
    final AtomicInteger reads = new AtomicInteger();

    RecentReplicaStamp stamps(Duration maxAge) {
        return new RecentReplicaStamp(() -> {
            reads.incrementAndGet();
            return inDb.get();
        }, maxAge, nanos::get);
    }

    @Test
    void oneReadingServesEveryCallWithinMaxAgeThenTheNextCallReadsAgain() {
        RecentReplicaStamp stamps = stamps(Duration.ofMillis(2));
        assertThat(stamps.get()).isEqualTo("1:100");
        inDb.set("2:200");
        nanos.addAndGet(1_999_999);
        assertThat(stamps.get()).as("within 2 ms: the kept reading").isEqualTo("1:100");
        nanos.addAndGet(1);
        assertThat(stamps.get()).isEqualTo("2:200");
        assertThat(reads).hasValue(2);
    }

    @Test
    void whileOneCallerReadsTheOthersKeepThePreviousReading() {
        AtomicReference<String> seenMeanwhile = new AtomicReference<>();
        RecentReplicaStamp[] holder = new RecentReplicaStamp[1];
        holder[0] = new RecentReplicaStamp(() -> {
            reads.incrementAndGet();
            if (reads.get() == 2) {
                seenMeanwhile.set(holder[0].get()); // a request arriving during this read
            }
            return inDb.get();
        }, Duration.ofMillis(2), nanos::get);
        holder[0].get();
        inDb.set("2:200");
        nanos.addAndGet(5_000_000);

        assertThat(holder[0].get()).isEqualTo("2:200");
        assertThat(seenMeanwhile.get()).isEqualTo("1:100");
        assertThat(reads).hasValue(2);
    }

    @Test
    void aLaterReadingOfferedBackIsKeptAnEarlierOneIsNot() {
        RecentReplicaStamp stamps = stamps(Duration.ofMillis(2));
        long before = nanos.get();
        stamps.get();
        nanos.addAndGet(1_000_000);
        stamps.offer("2:200", nanos.get());
        assertThat(stamps.get()).as("the re-check's newer reading").isEqualTo("2:200");
        stamps.offer("1:100", before);
        assertThat(stamps.get()).isEqualTo("2:200");
        assertThat(reads).hasValue(1);
    }

    @Test
    void maxAgeZeroReadsForEveryCallAndAMissingStampIsNeverKept() {
        RecentReplicaStamp exact = stamps(Duration.ZERO);
        exact.get();
        exact.get();
        assertThat(reads).hasValue(2);

        RecentReplicaStamp stamps = stamps(Duration.ofMillis(2));
        inDb.set(null);
        assertThat(stamps.get()).isNull();
        inDb.set("1:100");
        assertThat(stamps.get()).as("the replica appeared: read at once").isEqualTo("1:100");
        assertThat(reads).hasValue(4);
    }

    @Test
    void clearForgetsTheReading() {
        RecentReplicaStamp stamps = stamps(Duration.ofMillis(2));
        stamps.get();
        inDb.set("1:999");
        stamps.clear();
        assertThat(stamps.get()).isEqualTo("1:999");
    }
}
