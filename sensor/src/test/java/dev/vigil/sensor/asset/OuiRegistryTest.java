package dev.vigil.sensor.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IEEE registry in Debian's ieee-data CSV layout: quoted fields, MA-L/MA-M/MA-S prefix lengths. */
class OuiRegistryTest {
    @TempDir
    Path dir;

    @Test
    void quotedNamesPrefixLengthsAndBadLines() throws Exception {
        Files.writeString(dir.resolve("oui.csv"), """
                Registry,Assignment,Organization Name,Organization Address
                MA-L,0013CB,Zenitel Norway AS,Sandaker v 24 c  Oslo NO 0403\s
                MA-L,805EC0,"YEALINK(XIAMEN) NETWORK TECHNOLOGY CO.,LTD.","309, 3th Floor, Xiamen CN 361015 "
                MA-L,70B3D5,IEEE Registration Authority,445 Hoes Lane Piscataway NJ US 08554\s
                MA-L,ZZZZZZ,Broken,x
                just garbage
                """);
        Files.writeString(dir.resolve("oui36.csv"), """
                Registry,Assignment,Organization Name,Organization Address
                MA-S,70B3D5123,Small Maker Ltd,Somewhere
                """);
        OuiRegistry r = OuiRegistry.load(dir.resolve("oui.csv"));
        assertThat(r.vendor(Addresses.parseMac("00:13:cb:14:00:0a"))).isEqualTo("Zenitel Norway AS");
        assertThat(r.vendor(Addresses.parseMac("80:5e:c0:5a:21:01"))).isEqualTo("YEALINK(XIAMEN) NETWORK TECHNOLOGY CO.,LTD.");
        assertThat(r.vendor(Addresses.parseMac("70:b3:d5:12:34:56"))).as("longest prefix").isEqualTo("Small Maker Ltd");
        assertThat(r.vendor(Addresses.parseMac("70:b3:d5:99:34:56"))).isEqualTo("IEEE Registration Authority");
        assertThat(r.vendor(Addresses.parseMac("a4:f2:e0:7b:19:c4"))).isNull();
        assertThat(r.vendor(Addresses.parseMac("01:13:cb:14:00:0a"))).as("group address").isNull();
        assertThat(r.size()).isEqualTo(4);
        assertThat(r.skippedLines()).isEqualTo(2);
        assertThat(r.files()).hasSize(2);
    }

    @Test
    void missingFileMeansUnknownVendorsNotAFailure() {
        OuiRegistry r = OuiRegistry.load(dir.resolve("nope.csv"));
        assertThat(r.size()).isZero();
        assertThat(r.vendor(Addresses.parseMac("00:13:cb:14:00:0a"))).isNull();
        assertThat(OuiRegistry.load(null).size()).isZero();
    }

    /** Debian's file, when installed: each vendor as the file's own line says (read here with a regex). */
    @Test
    void debianRegistry() throws Exception {
        assumeTrue(Files.isRegularFile(OuiRegistry.DEFAULT_FILE), "ieee-data is not installed");
        OuiRegistry r = OuiRegistry.load(OuiRegistry.DEFAULT_FILE);
        assertThat(r.size()).isGreaterThan(30_000);
        assertThat(r.vendor(Addresses.parseMac("00:13:cb:00:00:01"))).isEqualTo("Zenitel Norway AS");
        String csv = Files.readString(OuiRegistry.DEFAULT_FILE);
        for (String oui : new String[] {"805EC0", "6C2B59", "EC4670", "0CC47A"}) {
            Matcher m = Pattern.compile("^MA-L," + oui + ",(\"([^\"]*)\"|([^,]*)),", Pattern.MULTILINE).matcher(csv);
            assertThat(m.find()).as(oui).isTrue();
            String expected = (m.group(2) != null ? m.group(2) : m.group(3)).trim();
            long mac = Long.parseLong(oui, 16) << 24 | 0x000102;
            assertThat(r.vendor(mac)).as(oui).isEqualTo(expected);
        }
    }
}
