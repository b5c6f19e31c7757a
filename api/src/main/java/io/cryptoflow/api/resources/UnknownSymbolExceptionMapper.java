package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.UnknownSymbolException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class UnknownSymbolExceptionMapper implements ExceptionMapper<UnknownSymbolException> {

    @Override
    public Response toResponse(UnknownSymbolException e) {
        return ErrorResponses.of(Response.Status.NOT_FOUND, e.getMessage());
    }
}
