package io.volrep.engine.nbd;

/**
 * Wire constants of the NBD protocol (fixed newstyle handshake, simple replies), as named in the
 * protocol document {@code nbd/doc/proto.md}. Every multi-byte field on the wire is big-endian.
 *
 * <pre>
 * handshake   S: "NBDMAGIC"(8) "IHAVEOPT"(8) handshake-flags(2)   C: client-flags(4)
 * option      C: "IHAVEOPT"(8) option(4) length(4) data(length)
 * opt reply   S: REPLY_MAGIC(8) option(4) reply-type(4) length(4) data(length)
 * request     C: REQUEST_MAGIC(4) flags(2) type(2) handle(8) offset(8) length(4) [payload]
 * reply       S: SIMPLE_REPLY_MAGIC(4) error(4) handle(8) [data of a successful READ]
 * </pre>
 */
public final class NbdProtocol {
    private NbdProtocol() {
    }

    public static final long NBDMAGIC = 0x4e42444d41474943L;
    public static final long IHAVEOPT = 0x49484156454F5054L;
    public static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    public static final int REQUEST_MAGIC = 0x25609513;
    public static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    public static final int DEFAULT_TCP_PORT = 10809;

    /** Handshake flags (server) and client flags. */
    public static final int FLAG_FIXED_NEWSTYLE = 1;
    public static final int FLAG_NO_ZEROES = 2;

    public static final int OPT_EXPORT_NAME = 1;
    public static final int OPT_ABORT = 2;
    public static final int OPT_LIST = 3;
    public static final int OPT_INFO = 6;
    public static final int OPT_GO = 7;
    public static final int OPT_STRUCTURED_REPLY = 8;

    public static final int REP_ACK = 1;
    public static final int REP_SERVER = 2;
    public static final int REP_INFO = 3;
    public static final int REP_ERR_UNSUP = 0x80000001;
    public static final int REP_ERR_POLICY = 0x80000002;
    public static final int REP_ERR_INVALID = 0x80000003;
    public static final int REP_ERR_UNKNOWN = 0x80000006;
    public static final int REP_ERR_SHUTDOWN = 0x80000007;

    public static final int INFO_EXPORT = 0;
    public static final int INFO_NAME = 1;
    public static final int INFO_DESCRIPTION = 2;
    public static final int INFO_BLOCK_SIZE = 3;

    /** Transmission flags. */
    public static final int TF_HAS_FLAGS = 1;
    public static final int TF_READ_ONLY = 1 << 1;
    public static final int TF_SEND_FLUSH = 1 << 2;
    public static final int TF_SEND_FUA = 1 << 3;
    public static final int TF_SEND_WRITE_ZEROES = 1 << 6;
    public static final int TF_CAN_MULTI_CONN = 1 << 8;

    public static final int CMD_READ = 0;
    public static final int CMD_WRITE = 1;
    public static final int CMD_DISC = 2;
    public static final int CMD_FLUSH = 3;
    public static final int CMD_TRIM = 4;
    public static final int CMD_WRITE_ZEROES = 6;

    /** Command flags. */
    public static final int CMD_FLAG_FUA = 1;
    public static final int CMD_FLAG_NO_HOLE = 2;

    /** Errno values on the wire (fixed by the protocol, not the platform). */
    public static final int EPERM = 1;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EOVERFLOW = 75;
    public static final int ENOTSUP = 95;
    public static final int ESHUTDOWN = 108;

    /** Block size constraints we advertise: any byte granularity, 4 KiB preferred, 32 MiB per request. */
    public static final int MIN_BLOCK = 1;
    public static final int PREFERRED_BLOCK = 4096;
    public static final int MAX_BLOCK = 32 << 20;

    /** Longest export name the protocol allows (and we accept). */
    public static final int MAX_NAME = 4096;

    /** The errno's symbolic name, for messages. */
    public static String errnoName(int errno) {
        switch (errno) {
            case 0: return "OK";
            case EPERM: return "EPERM";
            case EIO: return "EIO";
            case ENOMEM: return "ENOMEM";
            case EINVAL: return "EINVAL";
            case ENOSPC: return "ENOSPC";
            case EOVERFLOW: return "EOVERFLOW";
            case ENOTSUP: return "ENOTSUP";
            case ESHUTDOWN: return "ESHUTDOWN";
            default: return "errno " + errno;
        }
    }

    /** The command's name, for messages. */
    public static String commandName(int type) {
        switch (type) {
            case CMD_READ: return "READ";
            case CMD_WRITE: return "WRITE";
            case CMD_DISC: return "DISC";
            case CMD_FLUSH: return "FLUSH";
            case CMD_TRIM: return "TRIM";
            case CMD_WRITE_ZEROES: return "WRITE_ZEROES";
            default: return "command " + type;
        }
    }
}
