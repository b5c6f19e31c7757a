package io.cryptoflow.collector.load;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.cryptoflow.collector.config.BackfillYieldConfiguration;
import io.cryptoflow.common.ThreadPools;
import java.net.URI;
import java.time.Duration;

/** Builds the {@link BackfillYield} {@code backfillYield:} configures. */
public final class BackfillYields {

    private BackfillYields() {
    }

    public static BackfillYield of(BackfillYieldConfiguration c, MetricRegistry metrics, ThreadPools pools) {
        OtherProcessesCpu cpu = OtherProcessesCpu.ofThisProcess();
        BusySignal othersCpu = c.getOthersCpuAbove() < 1 ? BusySignal.othersCpuAbove(cpu, c.getOthersCpuAbove()) : () -> null;
        BusySignal signal = othersCpu;
        String url = c.getReadersUrl();
        if (url != null && !url.isBlank()) {
            ApiReadersWaiting readers = new ApiReadersWaiting(URI.create(url.trim()),
                    Duration.ofMillis(c.getReadersTimeout().toMilliseconds()), c.getReadersAbove(), c.getReadersFull(),
                    othersCpu);
            metrics.gauge("cryptoflow.collector.api.readers-in-flight", () -> (Gauge<Double>) readers::meanInFlight);
            metrics.gauge("cryptoflow.collector.api.readers-waiting", () -> (Gauge<Double>) readers::meanWaiting);
            signal = readers;
        } else if (c.getOthersCpuAbove() >= 1) {
            signal = null;
        }
        return new BackfillYield(cpu, signal, c.getMaxWait().toMilliseconds(), c.getMaxYieldShare(), metrics, pools);
    }
}
