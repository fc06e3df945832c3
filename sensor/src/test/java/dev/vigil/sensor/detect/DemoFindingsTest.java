package dev.vigil.sensor.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.rules.detect.Finding;
import dev.vigil.rules.detect.FindingDocument;
import dev.vigil.rules.detect.FindingEngine;
import dev.vigil.rules.detect.Severity;
import dev.vigil.rules.policy.InventoryCsv;
import dev.vigil.rules.policy.Mac;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyLoader;
import dev.vigil.rules.policy.Role;
import dev.vigil.rules.policy.SoftwareVersion;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled demo capture judged with the example site policy ({@code deploy/config/policy.example.yaml}
 * and {@code inventory.example.csv}). Every expectation is read from the generator's truth
 * ({@code intercom-site.truth.json}: its hosts, its "intended_findings" and the facts behind them),
 * never from the engine's output; the policy decides only which of those facts are violations.
 */
class DemoFindingsTest {
    static JsonNode truth;
    static Policy policy;
    static List<Finding> findings;
    static List<JsonNode> docs;

    @BeforeAll
    static void run() throws Exception {
        Path root = Path.of(System.getProperty("vigil.repo.root", "..")).toAbsolutePath();
        policy = PolicyLoader.load(root.resolve("deploy/config/policy.example.yaml"))
                .withInventory(InventoryCsv.load(root.resolve("deploy/config/inventory.example.csv")));
        truth = Demo.truth();
        docs = Analyze.files(Demo.pcap()).output().docs();
        FindingEngine engine = new FindingEngine(policy);
        findings = new ArrayList<>();
        for (JsonNode d : docs) {
            engine.onEvent(d, findings::add);
        }
        engine.finish(findings::add);
        assertThat(engine.stats().errors()).isZero();
        if (Boolean.getBoolean("vigil.print.findings")) {
            findings.forEach(f -> System.out.println(FindingDocument.toJson(f)));
        }
    }

    static Set<String> keys(String rule) {
        return findings.stream().filter(f -> f.ruleId().equals(rule)).map(f -> f.asset().ip() + " " + f.key())
                .collect(Collectors.toCollection(HashSet::new));
    }

    static List<Finding> of(String rule, String ip) {
        return findings.stream().filter(f -> f.ruleId().equals(rule) && ip.equals(f.asset().ip()))
                .collect(Collectors.toList());
    }

    static String serverIp() {
        for (JsonNode h : truth.path("hosts")) {
            if (h.path("role").asText().equals("intercom_server")) {
                return h.path("ip").asText();
            }
        }
        throw new AssertionError("no server in the truth");
    }

    @Test
    void theUnknownDeviceIsTheOnlyUnknownDevice() {
        JsonNode u = truth.path("unknown_device");
        assertThat(findings.stream().filter(f -> f.ruleId().equals("asset.unknown")))
                .singleElement().satisfies(f -> {
                    assertThat(f.asset().ip()).isEqualTo(u.path("ip").asText());
                    assertThat(f.asset().mac()).isEqualTo(Mac.normalize(u.path("mac").asText()));
                    assertThat(f.severity()).isEqualTo(Severity.HIGH);
                });
    }

    @Test
    void vendorDefaultCredentialsOverHttp() {
        for (JsonNode login : truth.path("http").path("basic_auth")) {
            List<Finding> f = of("admin.cleartext", login.path("server").asText());
            assertThat(f).as("HTTP Basic to %s", login.path("server").asText()).isNotEmpty();
            assertThat(f).allSatisfy(x -> assertThat(x.details()).containsEntry("username", login.path("user").asText()));
            if (login.path("vendor_default").asBoolean()
                    && docs.stream().anyMatch(d -> d.at("/http/request/auth/default_credentials").isBoolean())) {
                assertThat(f).anySatisfy(x -> assertThat(x.severity()).isEqualTo(Severity.CRITICAL));
            }
        }
        assertThat(findings.stream().filter(f -> f.ruleId().equals("admin.cleartext")).map(f -> f.asset().ip()))
                .containsOnly(truth.path("http").path("basic_auth").get(0).path("server").asText());
    }

    @Test
    void snmpV2cWithTheDefaultCommunity() {
        JsonNode s = truth.path("snmp");
        assertThat(s.path("version").asText()).isEqualTo("v2c");
        assertThat(s.path("community").asText()).isEqualTo("public"); // one of the well-known defaults
        assertThat(keys("snmp.weak")).containsExactly(s.path("agent").asText() + " default-community");
        assertThat(of("snmp.weak", s.path("agent").asText()).get(0).cisControl()).isEqualTo(4);
    }

    @Test
    void stationsThatNeverSyncTheirClock() {
        Set<String> expected = new HashSet<>();
        for (JsonNode ip : truth.path("ntp").path("stations_never_syncing")) {
            expected.add(ip.asText() + " ntp");
        }
        assertThat(keys("audit.hygiene")).as("NTP clients %s and the syslog of %s are fine",
                truth.path("ntp").path("clients"), truth.path("syslog").path("sender")).isEqualTo(expected);
    }

    @Test
    void stationsWithOlderFirmwareThanTheSitesRelease() {
        SoftwareVersion min = policy.role(Role.STATION).software().get(0).minVersion();
        Set<String> expected = new HashSet<>();
        for (JsonNode h : truth.path("hosts")) {
            if (h.path("role").asText().equals("intercom_station")
                    && SoftwareVersion.parse(h.path("fw").asText()).compareTo(min) < 0) {
                expected.add(h.path("ip").asText() + " outdated:IP Station");
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(keys("software.unauthorized")).isEqualTo(expected);
    }

    @Test
    void theTftpConfigurationDownload() {
        JsonNode t = truth.path("tftp");
        assertThat(findings.stream().filter(f -> f.ruleId().equals("tftp.transfer"))).singleElement()
                .satisfies(f -> {
                    assertThat(f.asset().ip()).isEqualTo(t.path("client").asText());
                    assertThat(f.details()).containsEntry("filename", t.path("file").asText())
                            .containsEntry("server_ip", t.path("server").asText())
                            .containsEntry("direction", "read").containsEntry("kind", "configuration");
                    assertThat(f.severity()).isEqualTo(Severity.INFO);
                });
    }

    @Test
    void theSelfSignedCertificateOnSips() {
        JsonNode t = truth.path("sips_tls");
        assertThat(t.path("certificate_self_signed").asBoolean()).isTrue();
        assertThat(keys("tls.weak")).containsExactly(t.path("server").asText() + " certificate-self-signed");
    }

    @Test
    void servicesOutsideTheTablesAndTheTelnetProbe() {
        Set<String> expected = new HashSet<>();
        expected.add(truth.path("syslog").path("sender").asText() + " udp/514");
        if (truth.path("snmp").path("trap_v2").asInt() > 0) {
            expected.add(truth.path("snmp").path("agent").asText() + " udp/162");
        }
        for (JsonNode p : truth.path("unknown_device").path("tcp_probes")) {
            if (!policy.role(Role.STATION).allows(6, p.path("port").asInt())) {
                expected.add(p.path("dst").asText() + " tcp/" + p.path("port").asInt());
            }
        }
        assertThat(expected).contains("10.20.0.104 tcp/23");
        assertThat(keys("port.unapproved")).isEqualTo(expected);
    }

    @Test
    void cleartextSipRegistrationsAndDigest() {
        Set<String> expected = new HashSet<>();
        for (JsonNode r : truth.path("sip").path("registrations")) {
            if (!r.path("transport").asText().equals("TLS")) {
                expected.add(r.path("contact").asText() + " transport");
                if (r.path("challenged").asBoolean()) {
                    expected.add(r.path("contact").asText() + " digest");
                }
            }
        }
        expected.add(serverIp() + " transport"); // the server answers them over UDP
        for (JsonNode c : truth.path("sip").path("calls")) {
            expected.add(c.path("caller").asText() + " transport");
            expected.add(c.path("callee").asText() + " transport");
        }
        assertThat(keys("sip.cleartext").stream().filter(k -> !k.endsWith(" media"))).containsExactlyInAnyOrderElementsOf(
                expected);
    }

    @Test
    void sdesKeysInCleartextSip() {
        Assumptions.assumeTrue(docs.stream().anyMatch(d -> d.at("/sip/sdp/crypto").isTextual()),
                "the SIP logger does not write sip.sdp.crypto yet");
        Set<String> expected = new HashSet<>();
        for (JsonNode c : truth.path("sip").path("calls")) {
            if (c.path("sdp_offer").path("sdes_keys_in_cleartext").asInt() > 0) {
                expected.add(c.path("caller").asText() + " sdes");
            }
        }
        assertThat(keys("sip.sdes_cleartext")).isEqualTo(expected);
    }

    @Test
    void plainRtpMediaOfTheSipCall() {
        Assumptions.assumeTrue(docs.stream().anyMatch(d -> d.at("/call/media_encryption").isTextual()
                        || d.at("/rtp/srtp").isBoolean()),
                "the call and RTP loggers do not write call.media_encryption / rtp.srtp yet");
        Set<String> expected = new HashSet<>();
        for (JsonNode c : truth.path("sip").path("calls")) {
            if (!c.path("sdp_answer").path("crypto").asBoolean()) {
                expected.add(c.path("caller").asText() + " media");
                expected.add(c.path("callee").asText() + " media");
            }
        }
        assertThat(keys("sip.cleartext").stream().filter(k -> k.endsWith(" media")).collect(Collectors.toSet()))
                .isEqualTo(expected);
    }

    @Test
    void findingDocumentsFollowTheEventSchema() {
        for (Finding f : findings) {
            ObjectNode doc = FindingDocument.toJson(f);
            doc.putObject("observer").put("hostname", "test-sensor").put("product", "vigil").put("vendor", "vigil")
                    .put("type", "sensor").put("version", "test");
            assertThat(EventSchema.validate(doc)).as(doc.toString()).isEmpty();
        }
    }
}
