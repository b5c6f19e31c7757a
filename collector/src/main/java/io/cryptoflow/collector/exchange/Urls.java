package io.cryptoflow.collector.exchange;

/** Base URLs from the configuration, with or without a trailing slash. */
public final class Urls {

    private Urls() {
    }

    public static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
