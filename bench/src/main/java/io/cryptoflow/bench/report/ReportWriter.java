package io.cryptoflow.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes one run's tables as {@code bench/results/<date>-<scenario>.md} and {@code .csv}. */
public final class ReportWriter {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path resultsDir;
    private final Instant startedAt;

    public ReportWriter(Path resultsDir, Instant startedAt) {
        this.resultsDir = resultsDir;
        this.startedAt = startedAt;
    }

    /** The header every result file starts with: date, cores, memory, JVM, OS, how idle CPUs wait. */
    public String header(String scenario, String arguments) {
        Runtime rt = Runtime.getRuntime();
        return "## CryptoFlow bench: " + scenario + "\n\n"
                + "- date (UTC): " + startedAt + "\n"
                + "- cores: " + rt.availableProcessors() + "\n"
                + "- memory: " + MachineInfo.totalMemoryMb() + " MB total\n"
                + "- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + "\n"
                + "- os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\n"
                + "- idle CPUs: " + MachineInfo.cpuIdle() + "\n"
                + "- arguments: `" + arguments + "`\n"
                + "- figures are for comparing ratios within this run, not absolute times across runs\n\n";
    }

    public Path write(String scenario, String arguments, List<ResultTable> tables) {
        String stem = FILE_STAMP.format(startedAt) + "-" + scenario;
        StringBuilder md = new StringBuilder(header(scenario, arguments));
        StringBuilder csv = new StringBuilder("# date=" + startedAt + ",cores=" + Runtime.getRuntime().availableProcessors()
                + ",scenario=" + scenario + "\n");
        for (ResultTable t : tables) {
            md.append(t.toMarkdown()).append('\n');
            csv.append(t.toCsv());
        }
        try {
            Files.createDirectories(resultsDir);
            Path mdFile = resultsDir.resolve(stem + ".md");
            Files.writeString(mdFile, md);
            Files.writeString(resultsDir.resolve(stem + ".csv"), csv);
            return mdFile;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results under " + resultsDir, e);
        }
    }
}
