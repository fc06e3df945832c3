package dev.vigil.sensor.app;

import dev.vigil.sensor.config.InstallationSalt;

/**
 * Every application and frame decoder of this build, in the order they claim ports. The
 * command line and the tests use this one list, so what is tested is what runs.
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
        byte[] secret = salt.clone();
        AppRegistry r = new AppRegistry();
        r.register(dev.vigil.sensor.app.tftp.TftpApp::new);
        r.register(dev.vigil.sensor.app.dhcp.DhcpApp::new);
        r.register(dev.vigil.sensor.app.ntp.NtpApp::new);
        r.register(() -> new dev.vigil.sensor.app.snmp.SnmpApp(secret));
        r.register(dev.vigil.sensor.app.dip.DipApp::new);
        r.register(dev.vigil.sensor.app.discovery.DiscoveryApp::new);
        r.register(dev.vigil.sensor.app.syslog.SyslogApp::new);
        r.register(dev.vigil.sensor.app.http.HttpApp::new);
        r.register(dev.vigil.sensor.app.ssh.SshApp::new);
        r.register(dev.vigil.sensor.app.telnet.TelnetApp::new);
        r.registerFrames(dev.vigil.sensor.app.lldp.LldpFrameDecoder::new);
        r.registerFrames(dev.vigil.sensor.app.cdp.CdpFrameDecoder::new);
        return r;
    }
}
