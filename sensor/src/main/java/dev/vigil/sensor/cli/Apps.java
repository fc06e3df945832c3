package dev.vigil.sensor.cli;

import dev.vigil.sensor.app.AppRegistry;

/** The application decoders the command line enables. */
final class Apps {
    private Apps() {
    }

    /** Every application decoder of this build (none yet: SIP, RTP, SNMP, ... register here). */
    static AppRegistry registry() {
        return new AppRegistry();
    }
}
