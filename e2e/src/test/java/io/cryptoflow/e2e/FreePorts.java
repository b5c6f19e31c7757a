package io.cryptoflow.e2e;

import io.cryptoflow.e2e.fault.ServiceJar;

/** Listening ports for the services a test starts; see {@link ServiceJar#freePort()}. */
final class FreePorts {

    private FreePorts() {
    }

    static int next() {
        return ServiceJar.freePort();
    }
}
