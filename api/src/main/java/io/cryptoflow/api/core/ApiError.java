package io.cryptoflow.api.core;

/** Body of every error response: Dropwizard's usual {@code {code, message}}. */
public record ApiError(int code, String message) {
}
