package dev.vigil.sensor.app;

import dev.vigil.sensor.config.InstallationSalt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Every application and frame decoder of this build, by protocol name, in the order they claim
 * ports. The command line and the tests use this one list, so what is tested is what runs.
 */
public final class Decoders {
    private Decoders() {
    }

    /** The decoders, keying secret hashes with this installation's salt. */
    public static AppRegistry all() {
        return all(InstallationSalt.get());
    }

    /**
     * @param salt keys the hashes of secrets seen on the wire (SNMP communities); tests pass a
     *             fixed one so that their expected output does not depend on the machine
     */
    public static AppRegistry all(byte[] salt) {
        return select(List.of("all"), salt);
    }

    /** The protocol names {@link #select} accepts. */
    public static Set<String> names() {
        return new TreeSet<>(table(new byte[32]).keySet());
    }

    /**
     * The decoders named (protocol names, {@code all}, or {@code none}: L2-L4, flows, ARP and
     * IGMP only, the baseline of the throughput harness).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static AppRegistry select(List<String> names, byte[] salt) {
        Map<String, Object> table = table(salt);
        AppRegistry r = new AppRegistry();
        boolean all = names.contains("all");
        for (String n : names) {
            if (!n.equals("all") && !n.equals("none") && !table.containsKey(n)) {
                throw new IllegalArgumentException("unknown decoder '" + n + "'; known: all, none, "
                        + String.join(", ", new TreeSet<>(table.keySet())));
            }
        }
        if (names.contains("none")) {
            return r;
        }
        for (Map.Entry<String, Object> e : table.entrySet()) {
            if (all || names.contains(e.getKey())) {
                add(r, e.getValue());
            }
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static void add(AppRegistry r, Object factory) {
        if (factory instanceof FrameFactory f) {
            r.registerFrames(f.supplier());
        } else {
            r.register((Supplier<AppDecoder>) factory);
        }
    }

    private record FrameFactory(Supplier<FrameDecoder> supplier) {
    }

    private static Map<String, Object> table(byte[] salt) {
        byte[] secret = salt.clone();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("sip", (Supplier<AppDecoder>) dev.vigil.sensor.app.sip.SipApp::new);
        t.put("tftp", (Supplier<AppDecoder>) dev.vigil.sensor.app.tftp.TftpApp::new);
        t.put("dhcp", (Supplier<AppDecoder>) dev.vigil.sensor.app.dhcp.DhcpApp::new);
        t.put("ntp", (Supplier<AppDecoder>) dev.vigil.sensor.app.ntp.NtpApp::new);
        t.put("snmp", (Supplier<AppDecoder>) () -> new dev.vigil.sensor.app.snmp.SnmpApp(secret));
        t.put("dip", (Supplier<AppDecoder>) dev.vigil.sensor.app.dip.DipApp::new);
        t.put("discovery", (Supplier<AppDecoder>) dev.vigil.sensor.app.discovery.DiscoveryApp::new);
        t.put("syslog", (Supplier<AppDecoder>) dev.vigil.sensor.app.syslog.SyslogApp::new);
        t.put("http", (Supplier<AppDecoder>) dev.vigil.sensor.app.http.HttpApp::new);
        t.put("ssh", (Supplier<AppDecoder>) dev.vigil.sensor.app.ssh.SshApp::new);
        t.put("telnet", (Supplier<AppDecoder>) dev.vigil.sensor.app.telnet.TelnetApp::new);
        t.put("dns", (Supplier<AppDecoder>) dev.vigil.sensor.app.dns.DnsApp::new);
        t.put("mdns", (Supplier<AppDecoder>) dev.vigil.sensor.app.mdns.MdnsApp::new);
        t.put("ssdp", (Supplier<AppDecoder>) dev.vigil.sensor.app.ssdp.SsdpApp::new);
        t.put("tls", (Supplier<AppDecoder>) dev.vigil.sensor.app.tls.TlsApp::new);
        // last: its heuristic (two consistent RTP packets) is the broadest probe
        t.put("rtp", (Supplier<AppDecoder>) dev.vigil.sensor.app.rtp.RtpApp::new);
        t.put("lldp", new FrameFactory(dev.vigil.sensor.app.lldp.LldpFrameDecoder::new));
        t.put("cdp", new FrameFactory(dev.vigil.sensor.app.cdp.CdpFrameDecoder::new));
        return t;
    }
}
