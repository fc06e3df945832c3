package dev.vigil.sensor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.cli.Vigil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplianceReportTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-30T00:00:00Z");

    private static JsonNode finding(String rule, int control, int severity, String mac, String ip, String name)
            throws IOException {
        return M.readTree("""
                {"@timestamp":"2026-11-20T10:00:00Z","event":{"dataset":"vigil.finding","kind":"alert","severity":%d},
                 "rule":{"id":"%s","name":"Name of %s","description":"Why %s matters","reference":"Guide, CIS %d"},
                 "vigil":{"cis":{"control":%d},"evidence":{"count":3}},
                 "message":"%s seen on %s",
                 "asset":{"mac":"%s","ip":"%s","name":%s}}""".formatted(severity, rule, rule, rule, control, control,
                rule, ip, mac, ip, name == null ? "null" : "\"" + name + "\""));
    }

    private static JsonNode asset(String mac, String vendor, boolean authorized, String software) throws IOException {
        return M.readTree("""
                {"event":{"dataset":"vigil.asset"},"asset":{"mac":"%s","vendor":"%s","authorized":%s,
                 "software":[{"product":"%s","version":"5.3.3.1"}],"ntp":{"servers":["10.0.0.1"]},
                 "services":{"offered":[{"transport":"tcp","port":50001,"protocol":"dip"}]}}}"""
                .formatted(mac, vendor, authorized, software));
    }

    @Test
    void findingsLandUnderTheirControlAndCleanControlsSaySo() throws IOException {
        ComplianceReport r = ComplianceReport.build(List.of(
                        finding("asset.unknown", 1, 73, "02-00-00-00-00-09", "10.0.0.9", null),
                        finding("asset.unknown", 1, 73, "02-00-00-00-00-0A", "10.0.0.10", null),
                        finding("sip.cleartext", 3, 47, "00-13-CB-00-00-01", "10.0.0.21", "door-1")),
                List.of(asset("00-13-CB-00-00-01", "Zenitel Norway AS", true, "Zenitel TCIS-3"),
                        asset("02-00-00-00-00-09", "unknown vendor", false, "Linphone")), T0, T1, "test");
        assertThat(r.sections()).extracting(s -> s.control().id()).containsExactly(1, 2, 3, 4, 6, 9);
        ComplianceReport.Section c1 = r.sections().get(0);
        assertThat(c1.rules()).singleElement().satisfies(rs -> {
            assertThat(rs.ruleId()).isEqualTo("asset.unknown");
            assertThat(rs.count()).isEqualTo(6);
            assertThat(rs.assets()).containsExactly("10.0.0.10 (02-00-00-00-00-0A)", "10.0.0.9 (02-00-00-00-00-09)");
            assertThat(rs.severityLabel()).isEqualTo("high");
        });
        assertThat(c1.observations().get(0)).isEqualTo("2 devices seen; 1 authorized, 1 not in the authorized inventory.");
        assertThat(r.sections().get(1).clean()).isTrue();
        assertThat(r.sections().get(1).observations()).contains("Zenitel TCIS-3 5.3.3.1 on 1 device(s)");
        String md = ReportRenderer.markdown(r);
        assertThat(md).contains("## CIS Control 1: Inventory & control of hardware assets")
                .contains("| high | `asset.unknown` Name of asset.unknown | 6 |")
                .contains("door-1 (10.0.0.21)")
                .contains("Verify that no unknown devices have accessed the network used for physical security.");
    }

    @Test
    void htmlEscapesWhatTheNetworkSaid() throws IOException {
        JsonNode evil = finding("software.unauthorized", 2, 47, "02-00-00-00-00-01", "10.0.0.1",
                "<script>alert(1)</script>");
        String html = ReportRenderer.html(ComplianceReport.build(List.of(evil), List.of(), T0, T1, "t"));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void sinceTakesDurationsInstantsAndAll() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(ReportPeriod.since("24h", now)).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(ReportPeriod.since("2w", now)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
        assertThat(ReportPeriod.since("2026-11-01T00:00:00Z", now)).isEqualTo(T0);
        assertThat(ReportPeriod.since("all", now)).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> ReportPeriod.since("yesterday", now)).hasMessageContaining("'yesterday'");
    }

    @Test
    void aBrokenNdjsonLineIsNamedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, "{\"event\":{\"dataset\":\"vigil.flow\"}}\n{not json\n");
        StringWriter err = new StringWriter();
        int rc = Vigil.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "report", "--input",
                f.toString(), "--since", "all");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains(f + ":2: not a JSON document");
    }

    @Test
    void theCommandWritesTheReportFromNdjson(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("events.ndjson");
        Files.writeString(f, M.writeValueAsString(finding("snmp.weak", 4, 47, "00-13-CB-00-00-01", "10.0.0.21", "door-1"))
                + "\n" + M.writeValueAsString(asset("00-13-CB-00-00-01", "Zenitel Norway AS", true, "x")) + "\n");
        StringWriter out = new StringWriter();
        Path html = dir.resolve("r.html");
        assertThat(Vigil.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "report", "--input",
                f.toString(), "--since", "all", "--format", "html", "--out", html.toString())).isZero();
        assertThat(Files.readString(html)).contains("<h2>CIS Control 4: Controlled use of administrative privileges</h2>")
                .contains("<code>snmp.weak</code>").contains("2026-11-20 10:00 UTC");
    }
}
