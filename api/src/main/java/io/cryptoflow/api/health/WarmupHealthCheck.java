package io.cryptoflow.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.cryptoflow.api.core.StartupWarmup;

/** Unhealthy while the newest pages are still being warmed (core/StartupWarmup), so a deploy waits for a warm API. */
public class WarmupHealthCheck extends HealthCheck {

    private final StartupWarmup warmup;

    public WarmupHealthCheck(StartupWarmup warmup) {
        this.warmup = warmup;
    }

    @Override
    protected Result check() {
        return warmup.warm() ? Result.healthy() : Result.unhealthy("warming the newest pages");
    }
}
