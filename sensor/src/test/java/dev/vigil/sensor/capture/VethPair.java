package dev.vigil.sensor.capture;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A veth pair for live tests: {@code peer} inside a network namespace the test owns (where
 * tcpreplay sends), {@code capture} in the root namespace (where vigil listens). Both ends have
 * IPv6 and ARP off and no address, so the kernel itself sends nothing on them; a change of the
 * capture end's tx counter can only come from the process under test. Needs root and iproute2.
 */
final class VethPair implements AutoCloseable {
    final String namespace;
    final String peer;
    final String capture;

    private VethPair(String namespace, String peer, String capture) {
        this.namespace = namespace;
        this.peer = peer;
        this.capture = capture;
    }

    /** Creates the pair; {@code tag} keeps names of concurrent tests apart (at most 3 characters). */
    static VethPair create(String tag) throws Exception {
        long pid = ProcessHandle.current().pid() % 100_000;
        VethPair v = new VethPair("vgl" + tag + pid + "ns", "vgl" + tag + pid + "a", "vgl" + tag + pid + "b");
        try {
            Tools.run("ip", "netns", "add", v.namespace);
            Tools.run("ip", "link", "add", v.peer, "type", "veth", "peer", "name", v.capture);
            Tools.run("ip", "link", "set", v.peer, "netns", v.namespace);
            Tools.run("sysctl", "-q", "-w", "net.ipv6.conf." + v.capture + ".disable_ipv6=1");
            Tools.run("ip", "netns", "exec", v.namespace, "sysctl", "-q", "-w",
                    "net.ipv6.conf." + v.peer + ".disable_ipv6=1");
            Tools.run("ip", "link", "set", v.capture, "arp", "off");
            Tools.run("ip", "netns", "exec", v.namespace, "ip", "link", "set", v.peer, "arp", "off");
            Tools.run("ip", "link", "set", v.capture, "up");
            Tools.run("ip", "netns", "exec", v.namespace, "ip", "link", "set", v.peer, "up");
        } catch (Exception e) {
            v.close();
            throw e;
        }
        return v;
    }

    /** Replays a capture into the peer end, at top speed; it arrives on the capture end. */
    void replay(Path pcap) throws Exception {
        Tools.run("ip", "netns", "exec", namespace, "tcpreplay", "-q", "--topspeed", "-i", peer, pcap.toString());
    }

    /** Packets the capture end has transmitted since it was created. */
    long captureTxPackets() throws Exception {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", capture, "statistics", "tx_packets")).strip());
    }

    @Override
    public void close() throws Exception {
        // deleting the namespace deletes the peer and with it the capture end
        Tools.run(true, "ip", "netns", "del", namespace);
        if (Files.exists(Path.of("/sys/class/net", capture))) {
            Tools.run(true, "ip", "link", "del", capture);
        }
    }
}
