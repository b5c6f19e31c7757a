package io.cryptoflow.api.api;

/** Body of every error response: Dropwizard's usual {@code {code, message}}. */
public record ApiError(int code, String message) {
}
