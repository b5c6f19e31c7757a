package io.cryptoflow.bench.scenarios;

import io.cryptoflow.bench.BenchContext;
import io.cryptoflow.bench.report.ResultTable;
import java.util.List;

/** One benchmark: runs against local processes and files only, returns its tables. */
public interface Scenario {

    String name();

    List<ResultTable> run(BenchContext context) throws Exception;
}
