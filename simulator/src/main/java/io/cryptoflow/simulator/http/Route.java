package io.cryptoflow.simulator.http;

/** A REST endpoint family of one simulated exchange. */
public interface Route {

    /** True when this route serves {@code path}. */
    boolean matches(String path);

    SimResponse handle(SimRequest request);
}
