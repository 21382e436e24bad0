package io.volrep.engine.io;

import java.util.Locale;

/**
 * open(2) flags that jnr-constants does not define, per platform. The values come from the
 * platform's fcntl.h; a platform we do not know reports no direct I/O rather than guessing.
 */
public record PlatformFlags(int oDirect, int oDsync) {

    /** Linux x86-64 (asm-generic): O_DIRECT 040000, O_DSYNC 010000. */
    static final PlatformFlags LINUX_X86_64 = new PlatformFlags(0x4000, 0x1000);
    /** Linux aarch64: O_DIRECT 0200000 (arm64 moves it), O_DSYNC 010000. */
    static final PlatformFlags LINUX_AARCH64 = new PlatformFlags(0x10000, 0x1000);
    /** AIX: O_DIRECT 0x08000000, O_DSYNC 0x00400000 (sys/fcntl.h; not yet checked on an AIX host). */
    static final PlatformFlags AIX = new PlatformFlags(0x08000000, 0x00400000);
    static final PlatformFlags UNKNOWN = new PlatformFlags(0, 0);

    public boolean supportsDirect() {
        return oDirect != 0;
    }

    public static PlatformFlags current() {
        return forPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static PlatformFlags forPlatform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                return LINUX_X86_64;
            }
            if (arch.equals("aarch64") || arch.equals("arm64")) {
                return LINUX_AARCH64;
            }
            return UNKNOWN;
        }
        if (os.contains("aix")) {
            return AIX;
        }
        return UNKNOWN;
    }
}
