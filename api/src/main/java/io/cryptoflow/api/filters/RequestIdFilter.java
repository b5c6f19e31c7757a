package io.cryptoflow.api.filters;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a sane token, else a
 * random one. It is put in the logging MDC and the request attribute {@code requestId}, so
 * application log lines and the request log can be joined, and echoed in the response, except in
 * a response a shared cache may store ({@code Cache-Control: public}): a cache would hand one
 * request's id to every later client. Those requests still carry their id in both logs.
 */
public class RequestIdFilter implements Filter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        String incoming = ((HttpServletRequest) req).getHeader(HEADER);
        String id = incoming != null && SAFE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader(HEADER, id);
        req.setAttribute(MDC_KEY, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(req, new DropIdWhenPublic(response));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** Removes the id header as soon as the response is marked publicly cacheable. */
    private static final class DropIdWhenPublic extends HttpServletResponseWrapper {
        DropIdWhenPublic(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, value);
            check(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, value);
            check(name, value);
        }

        private void check(String name, String value) {
            if ("Cache-Control".equalsIgnoreCase(name) && value != null && value.contains("public")) {
                super.setHeader(HEADER, null);
            }
        }
    }
}
