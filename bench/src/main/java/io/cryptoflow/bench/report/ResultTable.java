package io.cryptoflow.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One table of figures: printed as Markdown, saved as Markdown and CSV. */
public final class ResultTable {

    private final String title;
    private final List<String> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public ResultTable(String title, String... columns) {
        this.title = title;
        this.columns = List.of(columns);
    }

    public String title() {
        return title;
    }

    public ResultTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(title + ": " + cells.length + " cells for " + columns.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(Fmt.cell(c));
        }
        rows.add(r);
        return this;
    }

    /** A line printed under the table (conditions, what a figure means). */
    public ResultTable note(String line) {
        notes.add(line);
        return this;
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n");
        sb.append("| ").append(String.join(" | ", columns)).append(" |\n");
        sb.append("|").append(columns.stream().map(c -> "---").collect(Collectors.joining("|"))).append("|\n");
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append("\n");
            notes.forEach(n -> sb.append("- ").append(n).append("\n"));
        }
        return sb.toString();
    }

    /** CSV with the table title as the first column, so several tables can share one file. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        sb.append(csv("table")).append(',').append(columns.stream().map(ResultTable::csv).collect(Collectors.joining(",")))
                .append('\n');
        for (List<String> r : rows) {
            sb.append(csv(title)).append(',').append(r.stream().map(ResultTable::csv).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
