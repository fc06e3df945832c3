package dev.vigil.sensor.cli;

import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.Decoders;
import dev.vigil.sensor.config.InstallationSalt;

import java.util.List;

/** The application decoders the command line enables. */
final class Apps {
    private Apps() {
    }

    static AppRegistry registry() {
        return Decoders.all();
    }

    /** The decoders named by {@code --decoders} (validated: an unknown name is a usage error). */
    static AppRegistry registry(List<String> names) {
        return Decoders.select(names, InstallationSalt.get());
    }
}
