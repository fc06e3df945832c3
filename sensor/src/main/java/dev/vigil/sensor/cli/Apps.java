package dev.vigil.sensor.cli;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.Decoders;

/** The application decoders the command line enables. */
final class Apps {
    private Apps() {
    }

    static AppRegistry registry() {
        return Decoders.all();
    }
}
