package dev.vigil.sensor.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Version information filtered into the jar at build time. */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/vigil/sensor/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall back to defaults below
        }
        return p;
    }

    public static String version() {
        return PROPS.getProperty("version", "dev");
    }

    /** The Elasticsearch server version the project tests against. */
    public static String elasticsearchServerVersion() {
        return PROPS.getProperty("elasticsearch.server.version", "8.19.21");
    }
}
