package io.volrep.engine.daemon;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.volrep.engine.conf.HostConfig;

/**
 * Process-wide logging for the vxrepd process: a size-rotated file in the state directory
 * ({@code vxrepd.log.0} is the newest) and stderr, one line per record. Only {@link VxRepd#main}
 * calls it, so daemons started inside tests leave the JVM's logging alone.
 */
final class DaemonLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private DaemonLog() {
    }

    static void install(HostConfig config) throws IOException {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(config.logLevel());
        Formatter fmt = new LineFormatter(config.host());
        FileHandler file = new FileHandler(config.stateDir().resolve(config.logFile()) + ".%g",
                (int) Math.min(Integer.MAX_VALUE, config.logMaxSize()), Math.max(1, config.logKeep()), true);
        file.setFormatter(fmt);
        Handler err = new ConsoleHandler();
        err.setFormatter(fmt);
        root.addHandler(file);
        root.addHandler(err);
    }

    private static final class LineFormatter extends Formatter {
        private final String host;

        LineFormatter(String host) {
            this.host = host;
        }

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder();
            sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()))).append(' ').append(host).append(' ')
                    .append(String.format("%-7s", r.getLevel().getName())).append(' ').append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                java.io.StringWriter sw = new java.io.StringWriter();
                r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }
    }
}
