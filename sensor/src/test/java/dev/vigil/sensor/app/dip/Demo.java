package dev.vigil.sensor.app.dip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled demo capture ({@code /demo/intercom-site.pcap}), its generator's truth file and the
 * tshark extractions of it kept next to the app tests
 * ({@code /dev/vigil/sensor/app/<proto>/intercom-site.pcap.<proto>.txt}, tab-separated with a
 * header row, written by tshark 4.0.17 with the commands in {@code /dev/vigil/sensor/app/dip/README.md}).
 */
public final class Demo {
    private static Path pcap;

    private Demo() {
    }

    /** A copy of the demo capture in a temporary file (the reader maps files, not class-path resources). */
    public static synchronized Path pcap() {
        if (pcap == null) {
            try (InputStream in = Demo.class.getResourceAsStream("/demo/intercom-site.pcap")) {
                if (in == null) {
                    throw new IllegalStateException("/demo/intercom-site.pcap is not on the class path");
                }
                Path dir = Files.createTempDirectory("vigil-demo");
                pcap = dir.resolve("intercom-site.pcap");
                Files.copy(in, pcap, StandardCopyOption.REPLACE_EXISTING);
                pcap.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pcap;
    }

    /** {@code /demo/intercom-site.truth.json}: what the generator wrote. */
    public static JsonNode truth() {
        try (InputStream in = Demo.class.getResourceAsStream("/demo/intercom-site.truth.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a tshark extraction as maps from the header's field names to values. */
    public static List<Map<String, String>> tshark(String proto) {
        String name = "/dev/vigil/sensor/app/" + proto + "/intercom-site.pcap." + proto + ".txt";
        try (InputStream in = Demo.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return rows(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses tab-separated tshark field output with a header row. */
    public static List<Map<String, String>> rows(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        String[] header = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int k = 0; k < header.length; k++) {
                row.put(header[k], k < f.length ? f[k] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Hex text (tshark's {@code data.data}) to bytes. */
    public static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
