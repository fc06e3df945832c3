package dev.vigil.sensor.app;

/**
 * Every application and frame decoder of this build, in the order they claim ports. The
 * command line and the tests use this one list, so what is tested is what runs.
 */
public final class Decoders {
    private Decoders() {
    }

    public static AppRegistry all() {
        AppRegistry r = new AppRegistry();
        r.register(dev.vigil.sensor.app.tftp.TftpApp::new);
        r.register(dev.vigil.sensor.app.dhcp.DhcpApp::new);
        r.register(dev.vigil.sensor.app.ntp.NtpApp::new);
        r.registerFrames(dev.vigil.sensor.app.lldp.LldpFrameDecoder::new);
        r.registerFrames(dev.vigil.sensor.app.cdp.CdpFrameDecoder::new);
        return r;
    }
}
