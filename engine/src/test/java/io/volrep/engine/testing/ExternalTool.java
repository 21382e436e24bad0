package io.volrep.engine.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs a program we did not write (nbdinfo, qemu-io, fio...) with a timeout and captures its output.
 * A test that needs a missing program is skipped with the Debian package that provides it.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    public record Result(int status, String output) {
        public Result ok() {
            if (status != 0) {
                throw new AssertionError("exit " + status + ":\n" + output);
            }
            return this;
        }
    }

    /** Skips the calling test unless {@code program} is on the PATH. */
    public static void require(String program, String debianPackage) {
        Assumptions.assumeTrue(onPath(program), program + " is not installed: apt-get install " + debianPackage);
    }

    public static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        return run(timeoutSeconds, Arrays.asList(cmd));
    }

    public static Result run(long timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
        File out = File.createTempFile("tool", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + "s:\n"
                        + Files.readString(out.toPath(), StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }
}
