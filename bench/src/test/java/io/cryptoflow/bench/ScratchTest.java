package io.cryptoflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchTest {

    @Test
    void deletesTheRunsDirectoryWithEverythingInItAndNothingBeside(@TempDir Path root) throws Exception {
        Path run = root.resolve("20261207-063600");
        Files.createDirectories(run.resolve("compare/cryptoflow"));
        Files.writeString(run.resolve("compare/cryptoflow/collector.db"), "x");
        Files.writeString(run.resolve("compare/api.log"), "y");
        Path other = Files.createDirectories(root.resolve("20261207-050000"));

        Scratch.delete(run);
        Scratch.delete(run);

        assertThat(run).doesNotExist();
        assertThat(other).isDirectory();
    }
}
