package io.cryptoflow.api.resources;

import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/**
 * Dropwizard answers bean-validation failures with {@code {"errors": [...]}}; the API keeps one
 * error shape, {@code {code, message}}, naming each offending parameter.
 */
public class ViolationExceptionMapper implements ExceptionMapper<JerseyViolationException> {

    @Override
    public Response toResponse(JerseyViolationException e) {
        String message = e.getConstraintViolations().stream()
                .map((ConstraintViolation<?> v) -> ConstraintMessage.getMessage(v, e.getInvocable()))
                .sorted()
                .collect(Collectors.joining("; "));
        return ErrorResponses.of(Response.Status.BAD_REQUEST, message);
    }
}
