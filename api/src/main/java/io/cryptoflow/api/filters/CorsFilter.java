package io.cryptoflow.api.filters;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * CORS for a read-only API: GET/HEAD from the configured origins ({@code *} = any). Preflight
 * requests are answered here; no credentials are ever allowed.
 *
 * <p>What a shared cache stores must suit every client. With {@code *} (the default) the CORS
 * headers are the same for every request, with or without {@code Origin}, so they are always sent
 * and nothing varies. With a list of origins the answer depends on {@code Origin}, so every
 * response says {@code Vary: Origin} (also those to requests without one): a cache then keeps one
 * copy per origin instead of handing one origin's permission to another.
 */
public class CorsFilter implements Filter {

    private final Set<String> origins;
    private final boolean anyOrigin;

    public CorsFilter(List<String> allowedOrigins) {
        this.origins = Set.copyOf(allowedOrigins);
        this.anyOrigin = origins.contains("*");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String origin = request.getHeader("Origin");
        boolean allowed = anyOrigin || (origin != null && origins.contains(origin));
        if (!anyOrigin) {
            response.addHeader("Vary", "Origin");
        }
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            response.setHeader("Access-Control-Expose-Headers", "ETag, X-Request-Id");
        }
        if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
            if (allowed && origin != null) {
                response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                response.setHeader("Access-Control-Allow-Headers", "Content-Type, If-None-Match, X-Request-Id");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            } else {
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            }
            return;
        }
        chain.doFilter(req, res);
    }
}
