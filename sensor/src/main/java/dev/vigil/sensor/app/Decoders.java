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
        // application decoders register here (SIP, RTP, SNMP, TFTP, DHCP, ...)
        return r;
    }
}
