package io.cryptoflow.api.resources;

import io.cryptoflow.api.api.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

final class ErrorResponses {

    private ErrorResponses() {
    }

    static Response of(Response.Status status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message))
                .build();
    }

    /** 503 with {@code Retry-After: 1}: the API cannot answer now (overload, replica not ready), retry shortly. */
    static Response retryShortly(String message) {
        Response r = of(Response.Status.SERVICE_UNAVAILABLE, message);
        r.getHeaders().putSingle("Retry-After", "1");
        return r;
    }
}
