package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.ReplicaNotReadyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 503 while api.db is missing or incomplete; clients retry (Retry-After: 1). */
public class ReplicaNotReadyExceptionMapper implements ExceptionMapper<ReplicaNotReadyException> {

    @Override
    public Response toResponse(ReplicaNotReadyException e) {
        return ErrorResponses.retryShortly(e.getMessage());
    }
}
