package io.cryptoflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.common.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The map at the top of docs/architecture.md names the files each flow passes through. A renamed,
 * moved or deleted class leaves the map stale without anyone noticing; this test resolves every name
 * in the map's table against the module's sources, so the map stays true to the code.
 */
class ArchitectureMapTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern ALTERNATIVES = Pattern.compile("<([^<>]*\\|[^<>]*)>");

    @Test
    void everyFileTheMapNamesExists() throws IOException {
        Path root = RepoRoot.find();
        List<String> rows = mapRows(Files.readAllLines(root.resolve("docs/architecture.md")));
        assertThat(rows).as("rows of the map table").hasSizeGreaterThanOrEqualTo(6);

        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String row : rows) {
            String[] cells = row.split("(?<!\\\\)\\|");
            String module = cells[1].trim().split("[ ,]")[0];
            Path sources = root.resolve(module + "/src/main/java/io/cryptoflow/" + module);
            assertThat(sources).as("module of map row '%s'", cells[1].trim()).isDirectory();
            List<Path> files = javaFiles(sources);
            Path moduleDir = root.resolve(module);
            Matcher names = CODE.matcher(cells[2]);
            while (names.find()) {
                for (String name : expand(names.group(1).replace("\\|", "|"))) {
                    if (isResource(name)) {
                        checked++;
                        if (!resourceExists(moduleDir, name)) {
                            missing.add(module + ": " + name);
                        }
                        continue;
                    }
                    String type = typeOf(name);
                    if (type == null) {
                        continue; // a method, setting or field named in passing, not a file
                    }
                    checked++;
                    if (files.stream().noneMatch(f -> matches(sources.relativize(f), type))) {
                        missing.add(module + ": " + name);
                    }
                }
            }
        }
        assertThat(checked).as("names checked").isGreaterThan(50);
        assertThat(missing).as("names in docs/architecture.md's map with no such file").isEmpty();
    }

    /** A file that is not a class: {@code assets/chart.js}, {@code config.yml}. */
    static boolean isResource(String name) {
        return name.matches("[\\w./<>*-]*\\.(js|html|css|yml|yaml|json|sql)");
    }

    private static boolean resourceExists(Path moduleDir, String name) throws IOException {
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            return walk.filter(p -> !p.toString().contains("/target/"))
                    .anyMatch(p -> p.toString().replace('\\', '/').endsWith("/" + name));
        }
    }

    /**
     * The class a name stands for: {@code store/CandleDao} and {@code CandleDao} name one,
     * {@code db/ApiDatabase.read} names one of its methods (the class is checked), and a lower-case
     * word without a package ({@code submitFunding}, {@code pollInterval}) is a method or setting
     * named in passing: null.
     */
    static String typeOf(String name) {
        String[] parts = name.split("/");
        String last = parts[parts.length - 1];
        int dot = last.indexOf('.');
        if (dot > 0) {
            last = last.substring(0, dot);
        }
        if (last.isEmpty() || !(Character.isUpperCase(last.charAt(0)) || last.charAt(0) == '*' || last.charAt(0) == '<')) {
            return null;
        }
        parts[parts.length - 1] = last;
        return String.join("/", parts);
    }

    /** The table rows under "## Map", header and separator left out. */
    static List<String> mapRows(List<String> lines) {
        List<String> rows = new ArrayList<>();
        boolean inMap = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inMap = line.startsWith("## Map");
            } else if (inMap && line.startsWith("| ") && !line.startsWith("| flow")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /** {@code exchange/<binance|bybit>/*Market} stands for one name per alternative. */
    static List<String> expand(String name) {
        Matcher alt = ALTERNATIVES.matcher(name);
        if (!alt.find()) {
            return List.of(name);
        }
        List<String> out = new ArrayList<>();
        for (String choice : alt.group(1).split("\\|")) {
            out.addAll(expand(name.substring(0, alt.start()) + choice + name.substring(alt.end())));
        }
        return out;
    }

    /**
     * A name is a path below the module's package ({@code store/CandleDao}), the tail of one
     * ({@code binance/BinanceKlines}, {@code GapFinder}), with {@code <placeholder>} for any one
     * package and {@code *} for any start of a class name.
     */
    static boolean matches(Path relative, String name) {
        String path = relative.toString().replace('\\', '/');
        String regex = "(.*/)?" + Pattern.quote(name)
                .replaceAll("<[^<>/]+>", "\\\\E[^/]+\\\\Q")
                .replace("*", "\\E[^/]*\\Q") + "\\.java";
        return path.matches(regex);
    }

    private static List<Path> javaFiles(Path sources) throws IOException {
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
