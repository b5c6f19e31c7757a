package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.DatabaseBusyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 503 when the read pool is exhausted: an overload, not a client error; retry after a second. */
public class DatabaseBusyExceptionMapper implements ExceptionMapper<DatabaseBusyException> {

    @Override
    public Response toResponse(DatabaseBusyException e) {
        Response r = ErrorResponses.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        r.getHeaders().putSingle("Retry-After", "1");
        return r;
    }
}
