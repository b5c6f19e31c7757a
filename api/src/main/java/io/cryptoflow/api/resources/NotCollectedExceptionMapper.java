package io.cryptoflow.api.resources;

import io.cryptoflow.api.core.NotCollectedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * 409: the market is configured but the asked data kind is switched off for it; the message names the
 * setting. Not 404, so a client tells it from an unknown market without reading the message.
 */
public class NotCollectedExceptionMapper implements ExceptionMapper<NotCollectedException> {

    @Override
    public Response toResponse(NotCollectedException e) {
        return ErrorResponses.of(Response.Status.CONFLICT, e.getMessage());
    }
}
