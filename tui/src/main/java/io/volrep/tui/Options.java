package io.volrep.tui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * vxsmit's command line.
 *
 * @param fastPath   where to start (or what --fields / --batch is about); null for the top menu
 * @param values     name=value words after {@code --batch FASTPATH}
 */
public record Options(String fastPath, boolean listFastPaths, boolean fields, boolean batch, List<String> values,
                      boolean dryRun, boolean line, Path logFile, Path scriptFile, boolean noExec,
                      boolean noCommands, boolean help) {

    public static final String USAGE = """
            usage: vxsmit [-l FILE] [-s FILE] [-x | -X] [--line] [FASTPATH]
                   vxsmit --list-fastpaths
                   vxsmit --fields FASTPATH
                   vxsmit [-l FILE] [-s FILE] [-x | -X] [--dry-run] --batch FASTPATH [name=value ...]
              FASTPATH        open this menu, selector or dialog instead of the top menu
              --list-fastpaths  list every fast path with its kind and title
              --fields        list the fields of a dialog (and the selectors before it)
              --batch         fill the dialog from name=value, validate, print and run its command;
                              exits with the command's status (2 for bad input)
              --dry-run       with --batch: print the command, run nothing
              --line          line mode (the default when TERM is dumb or unset)
              -l FILE         log file instead of $HOME/vxsmit.log
              -s FILE         script file instead of $HOME/vxsmit.script
              -x              do not run dialog commands; log them and add them to the script
              -X              run nothing at all, not even list commands; only log
            """;

    /** Bad usage; vxsmit prints the message and the usage and exits 2. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static Options parse(String[] args) throws UsageException {
        String fastPath = null;
        boolean list = false, fields = false, batch = false, dry = false, line = false, x = false, bigX = false, help = false;
        Path log = null, script = null;
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--list-fastpaths" -> list = true;
                case "--fields" -> fields = true;
                case "--batch" -> batch = true;
                case "--dry-run" -> dry = true;
                case "--line" -> line = true;
                case "-x" -> x = true;
                case "-X" -> bigX = true;
                case "-h", "--help" -> help = true;
                case "-l", "-s" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(a + " needs a file name");
                    }
                    Path p = Path.of(args[++i]);
                    if (a.equals("-l")) {
                        log = p;
                    } else {
                        script = p;
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new UsageException("unknown option " + a);
                    } else if (fastPath == null) {
                        fastPath = a;
                    } else if (batch && a.contains("=")) {
                        values.add(a);
                    } else {
                        throw new UsageException("unexpected argument '" + a + "'");
                    }
                }
            }
        }
        if ((fields || batch) && fastPath == null) {
            throw new UsageException((fields ? "--fields" : "--batch") + " needs a FASTPATH");
        }
        if ((list ? 1 : 0) + (fields ? 1 : 0) + (batch ? 1 : 0) > 1) {
            throw new UsageException("use only one of --list-fastpaths, --fields and --batch");
        }
        if (dry && !batch) {
            throw new UsageException("--dry-run goes with --batch (use -x in the console)");
        }
        if (x && bigX) {
            throw new UsageException("use -x or -X, not both");
        }
        return new Options(fastPath, list, fields, batch, values, dry, line, log, script, x, bigX, help);
    }
}
