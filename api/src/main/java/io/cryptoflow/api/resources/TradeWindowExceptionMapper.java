package io.cryptoflow.api.resources;

import io.cryptoflow.api.api.TradeWindowError;
import io.cryptoflow.api.core.TradeWindowException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** 404 with the window of trades held, so a client sees what it may ask for instead. */
public class TradeWindowExceptionMapper implements ExceptionMapper<TradeWindowException> {

    @Override
    public Response toResponse(TradeWindowException e) {
        return Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new TradeWindowError(404, e.getMessage(), new TradeWindowError.Window(e.windowFrom(), e.windowTo())))
                .build();
    }
}
