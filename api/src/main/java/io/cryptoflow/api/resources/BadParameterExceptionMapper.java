package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.BadParameterException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 400 {@code {code, message}}; the message names the parameter and what it accepts. */
public class BadParameterExceptionMapper implements ExceptionMapper<BadParameterException> {

    @Override
    public Response toResponse(BadParameterException e) {
        return ErrorResponses.of(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
