package io.volrep.engine.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-data sharing training run: the client path against its stand-in daemon, no output. */
class ClientTrainingTest {
    @TempDir
    Path dir;

    @Test
    void theClientPathRunsAgainstTheStandInDaemon() {
        Path example = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/vxrep.conf");
        assertEquals(0, ClientTraining.run(example));
        assertEquals(0, ClientMain.run(java.util.List.of("--cds-training", example.toString()), System.out, System.err));
    }

    @Test
    void aConfigThatDoesNotLoadFailsTheRunSoNoArchiveIsKept() {
        assertEquals(1, ClientTraining.run(dir.resolve("missing.conf")));
    }
}
