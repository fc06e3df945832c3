package dev.vigil.sensor.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives up root after the capture is open, the way tcpdump {@code -Z} and Suricata
 * {@code --user} do: the packet socket stays open and readable, and everything after it
 * (parsers, outputs, the HTTP endpoint) runs as an unprivileged account.
 *
 * <p>Calls glibc through JNA (already on the class path for pcap4j): {@code initgroups},
 * {@code setgid}, {@code setuid}. glibc applies
 * {@code setuid}/{@code setgid} to every thread of the process (POSIX semantics, via its
 * internal SIGSETXID broadcast), so the JVM's threads started before the call change too; the
 * drop is verified afterwards (real and effective ids, no way back to root, no capabilities
 * left) and a failed verification stops the sensor. Linux only, like the capture itself.
 * ({@code prctl(PR_SET_NO_NEW_PRIVS)} is not used: it would bind only the calling thread; the
 * systemd unit sets {@code NoNewPrivileges=yes} for the whole process.)
 *
 * <p>The alternative that needs no root at all is the systemd unit in {@code deploy/systemd}:
 * it starts the sensor as its own user with {@code AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN}.
 */
final class Privileges {
    /** Capability bits, include/uapi/linux/capability.h. */
    static final int CAP_NET_ADMIN = 12;
    static final int CAP_NET_RAW = 13;

    private Privileges() {
    }

    /** The account the process runs as after {@link #dropTo}. */
    record Identity(String user, int uid, int gid) {
    }

    /** The subset of libc used here. */
    interface LibC extends Library {
        Pointer getpwnam(String name);

        int initgroups(String user, int group);

        int setgid(int gid);

        int setuid(int uid);

        int getuid();

        int geteuid();

        int getgid();

        int getegid();
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** Effective user id of this process. */
    static int effectiveUid() {
        return Holder.LIBC.geteuid();
    }

    /**
     * Switches the whole process to {@code user} (its uid, primary gid and supplementary groups).
     *
     * @throws IllegalArgumentException when the account does not exist or is root
     * @throws IllegalStateException    when a call fails or the result is not what was asked for
     */
    static Identity dropTo(String user) {
        LibC c = Holder.LIBC;
        if (c.geteuid() != 0) {
            throw new IllegalStateException("not running as root: cannot switch to user " + user);
        }
        Pointer pw = c.getpwnam(user);
        if (pw == null) {
            throw new IllegalArgumentException("no such user: " + user + " (create it with: useradd --system "
                    + "--no-create-home --shell /usr/sbin/nologin " + user + ")");
        }
        // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; gid_t pw_gid; ... }
        int uid = pw.getInt(2L * Native.POINTER_SIZE);
        int gid = pw.getInt(2L * Native.POINTER_SIZE + 4);
        if (uid == 0) {
            throw new IllegalArgumentException("user " + user + " is root (uid 0): name an unprivileged account");
        }
        check(c.initgroups(user, gid), "initgroups(" + user + ")");
        check(c.setgid(gid), "setgid(" + gid + ")");
        check(c.setuid(uid), "setuid(" + uid + ")");
        if (c.getuid() != uid || c.geteuid() != uid || c.getgid() != gid || c.getegid() != gid) {
            throw new IllegalStateException("privilege drop incomplete: uid " + c.getuid() + "/" + c.geteuid()
                    + " gid " + c.getgid() + "/" + c.getegid());
        }
        if (c.setuid(0) == 0) {
            throw new IllegalStateException("privilege drop failed: the process could become root again");
        }
        long caps = capabilities("CapEff") | capabilities("CapPrm");
        if (caps > 0) {
            throw new IllegalStateException("privilege drop left capabilities: 0x" + Long.toHexString(caps));
        }
        return new Identity(user, uid, gid);
    }

    private static void check(int result, String call) {
        if (result != 0) {
            throw new IllegalStateException(call + " failed: errno " + Native.getLastError());
        }
    }

    /**
     * A capability set of this process from {@code /proc/self/status} ({@code CapEff}, {@code CapPrm},
     * {@code CapAmb}), or -1 when unreadable.
     */
    static long capabilities(String set) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(set + ":")) {
                    return Long.parseUnsignedLong(line.substring(set.length() + 1).strip(), 16);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs
        }
        return -1;
    }

    /** What the process may do with packets, for the startup line: e.g. {@code root}, {@code CAP_NET_RAW}. */
    static String describe() {
        int euid;
        try {
            euid = effectiveUid();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return "unknown";
        }
        if (euid == 0) {
            return "uid 0 (root)";
        }
        long eff = capabilities("CapEff");
        StringBuilder sb = new StringBuilder("uid ").append(euid);
        if (eff > 0) {
            if ((eff & (1L << CAP_NET_RAW)) != 0) {
                sb.append(" CAP_NET_RAW");
            }
            if ((eff & (1L << CAP_NET_ADMIN)) != 0) {
                sb.append(" CAP_NET_ADMIN");
            }
        } else if (eff == 0) {
            sb.append(", no capabilities");
        }
        return sb.toString();
    }
}
