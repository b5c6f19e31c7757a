package io.cryptoflow.api.resources;

import com.codahale.metrics.annotation.ExceptionMetered;
import com.codahale.metrics.annotation.Timed;
import io.cryptoflow.api.api.Symbols;
import io.cryptoflow.api.core.SymbolCatalog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/symbols}: the markets api.db holds, with first/last candle time per timeframe. */
@Path("/symbols")
@Produces(MediaType.APPLICATION_JSON)
public class SymbolResource {

    private final SymbolCatalog catalog;

    public SymbolResource(SymbolCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Timed(name = "cryptoflow.api.symbols.requests", absolute = true)
    @ExceptionMetered(name = "cryptoflow.api.symbols", absolute = true)
    public Symbols symbols() {
        return catalog.symbols();
    }
}
