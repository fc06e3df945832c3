package dev.vigil.sensor.event;

import java.net.InetAddress;
import java.util.Objects;

/** The sensor itself, as written in every event's {@code observer.*}. */
public final class Observer {
    private final String hostname;
    private final String version;
    private final String interfaceName;

    public Observer(String hostname, String version, String interfaceName) {
        this.hostname = Objects.requireNonNull(hostname);
        this.version = Objects.requireNonNull(version);
        this.interfaceName = interfaceName;
    }

    /** This host, the build's version and an optional capture interface. */
    public static Observer local(String interfaceName) {
        return new Observer(localHostname(), BuildInfo.version(), interfaceName);
    }

    static String localHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    public String hostname() {
        return hostname;
    }

    public String version() {
        return version;
    }

    /** The capture interface, or null for offline analysis. */
    public String interfaceName() {
        return interfaceName;
    }
}
