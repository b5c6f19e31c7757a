package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.DatabaseBusyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 503 when the read pool is exhausted: an overload, not a client error; retry after a second. */
public class DatabaseBusyExceptionMapper implements ExceptionMapper<DatabaseBusyException> {

    @Override
    public Response toResponse(DatabaseBusyException e) {
        return ErrorResponses.retryShortly(e.getMessage());
    }
}
