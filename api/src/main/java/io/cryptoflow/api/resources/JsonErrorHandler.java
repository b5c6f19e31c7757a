package io.cryptoflow.api.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cryptoflow.api.api.ApiError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's answer to a request Jetty refuses before any handler sees it (a path with a malformed
 * percent-encoding, a header too large, an unparsable request line): the API's usual JSON error,
 * {@code {code, message}}, saying what to fix, instead of Jetty's HTML page (which
 * {@code curl 'http://…/api/candles%zz'} got before). Errors inside the application keep their own
 * mappers (ErrorResponses).
 */
public final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code, String message,
                                                 Throwable cause) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(new ApiError(code, text(code, message)))), callback);
        return true;
    }

    static String text(int code, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        return switch (code) {
            case 400 -> reason + ": the request could not be parsed; a path or query may only use % before two "
                    + "hex digits (%20), e.g. /api/candles?exchange=binance&symbol=btcusdt&tf=15";
            case 431 -> reason + ": the request's headers are too large; send fewer or shorter headers";
            default -> reason;
        };
    }
}
