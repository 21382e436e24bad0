package io.volrep.engine.nbd;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real outside program with a timeout; skips the test when the program is not installed. */
final class ExternalTool {
    /** What a finished process left behind. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private ExternalTool() {
    }

    /** Skips the calling test unless {@code tool} is on PATH, naming the Debian package that has it. */
    static void require(String tool, String debianPackage) {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(d, tool));
        }
        assumeTrue(found, tool + " is not installed: apt-get install " + debianPackage);
    }

    /**
     * Runs {@code command} in {@code workDir}. The tool's own directory goes first on PATH so that
     * helpers it starts come from the same installation (nbdsh runs {@code python3 -m nbd}, and a
     * python3 earlier on PATH may lack the nbd module).
     */
    static Result run(Duration timeout, Path workDir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command[0]))) {
                pb.environment().put("PATH", d + File.pathSeparator + path);
                break;
            }
        }
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
