package dev.vigil.rules.detect;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.vigil.rules.detect.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One nested class per rule: crafted documents (JSON as the sensor writes it) that must raise the
 * finding, and near misses that must not.
 */
class FindingEngineTest {
    static final String SERVER = "\"mac\":\"00-13-CB-14-00-0A\",\"ip\":\"10.20.0.10\"";
    static final String ST101 = "\"mac\":\"00-13-CB-14-01-01\",\"ip\":\"10.20.0.101\"";
    static final String ST102 = "\"mac\":\"00-13-CB-14-01-02\",\"ip\":\"10.20.0.102\"";
    static final String PHONE = "\"mac\":\"80-5E-C0-5A-21-01\",\"ip\":\"10.20.0.121\"";
    static final String NTP = "\"mac\":\"AA-BB-CC-00-00-02\",\"ip\":\"10.20.0.2\"";
    static final String SYSLOG = "\"mac\":\"AA-BB-CC-00-00-03\",\"ip\":\"10.20.0.3\"";
    static final String ROGUE = "\"mac\":\"A4-F2-E0-7B-19-C4\",\"ip\":\"10.20.0.66\"";

    static String arp(long t, String id, String sender) {
        return """
                {"@timestamp":"%s","event":{"dataset":"vigil.arp","kind":"event","id":"%s"},
                 "source":{%s},"destination":{"mac":"FF-FF-FF-FF-FF-FF","ip":"10.20.0.1"},
                 "arp":{"opcode":"request"}}""".formatted(at(t), id, sender);
    }

    /** A flow document; {@code action} "start" or null (end); ports -1 for none. */
    static String flow(long t, String id, String action, String src, int sport, String dst, int dport,
                       String transport, String protocol, String srcFlags) {
        String event = action == null ? "" : ",\"action\":\"" + action + "\"";
        String sp = sport < 0 ? "" : ",\"port\":" + sport;
        String dp = dport < 0 ? "" : ",\"port\":" + dport;
        String proto = protocol == null ? "" : ",\"protocol\":\"" + protocol + "\"";
        String flags = srcFlags == null ? "" : ",\"flow\":{\"tcp_flags\":{\"source\":\"" + srcFlags + "\"}}";
        String dpk = action == null ? ",\"packets\":1" : "";
        return """
                {"@timestamp":"%s","event":{"dataset":"vigil.flow","kind":"event","id":"%s"%s},
                 "source":{%s%s,"packets":1},"destination":{%s%s%s},
                 "network":{"transport":"%s"%s}%s}""".formatted(at(t), id, event, src, sp, dst, dp, dpk,
                transport, proto, flags);
    }

    @Nested
    class AssetUnknown {
        @Test
        void unknownDeviceSeenOnlyInArpIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(arp(1, "a1", ROGUE));
            List<Finding> f = r.of("asset.unknown");
            assertThat(f).hasSize(1);
            assertThat(f.get(0).asset().mac()).isEqualTo("A4-F2-E0-7B-19-C4");
            assertThat(f.get(0).asset().ip()).isEqualTo("10.20.0.66");
            assertThat(f.get(0).asset().authorized()).isFalse();
            assertThat(f.get(0).severity()).isEqualTo(Severity.HIGH);
            assertThat(f.get(0).cisControl()).isEqualTo(1);
            assertThat(f.get(0).evidence().eventIds()).containsExactly("a1");
            assertThat(f.get(0).details()).containsEntry("dataset", "vigil.arp");
        }

        @Test
        void unknownDeviceOnlySendingMulticastUdpIsReported() {
            String d = flow(1, "f1", "start", ROGUE, 5002, "\"mac\":\"01-00-5E-40-01-00\",\"ip\":\"239.192.1.0\"", 5001,
                    "udp", "dip", null);
            assertThat(new Events.Run(Events.site()).feed(d).of("asset.unknown")).hasSize(1);
        }

        @Test
        void unknownDeviceOnAnIntercomVlanOutsideTheNetworksIsReported() {
            String d = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.discovery","id":"d1"},
                     "source":{"mac":"02-00-00-00-00-01","ip":"192.168.7.7","port":5002},
                     "destination":{"ip":"255.255.255.255","port":5002},
                     "network":{"transport":"udp","vlan":{"id":"20"}},"discovery":{"strings":["x"]}}"""
                    .formatted(at(1));
            assertThat(new Events.Run(Events.site()).feed(d).of("asset.unknown")).hasSize(1);
        }

        @Test
        void authorizedDevicesAndDevicesOffTheIntercomNetworkAreNot() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    arp(1, "a1", ST101),
                    arp(2, "a2", "\"ip\":\"10.20.0.121\",\"mac\":\"80-5E-C0-5A-21-01\""), // phone: by IP only
                    arp(3, "a3", "\"mac\":\"02-00-00-00-00-09\",\"ip\":\"192.168.1.9\""),  // another network
                    arp(4, "a4", "\"mac\":\"FF-FF-FF-FF-FF-FF\",\"ip\":\"0.0.0.0\""));     // no device
            assertThat(r.of("asset.unknown")).isEmpty();
        }

        @Test
        void anotherMacUsingAnAuthorizedIpIsUnknown() {
            Events.Run r = new Events.Run(Events.site())
                    .feed(arp(1, "a1", "\"mac\":\"02-00-00-00-00-01\",\"ip\":\"10.20.0.101\""));
            assertThat(r.of("asset.unknown")).singleElement()
                    .satisfies(f -> assertThat(f.message()).contains("uses the IP of authorized st101"));
        }

        @Test
        void repeatsWithinTheRealertIntervalOnlyCount() {
            Events.Run r = new Events.Run(Events.site()).feed(arp(1, "a1", ROGUE), arp(2, "a2", ROGUE),
                    arp(3, "a3", ROGUE));
            assertThat(r.of("asset.unknown")).hasSize(1);
            assertThat(r.engine.stats().repeats()).isEqualTo(2);
            // one hour later (the default re-alert interval) it is raised again, with the occurrences since
            r.feed(arp(3 + 3600, "a4", ROGUE));
            assertThat(r.of("asset.unknown")).hasSize(2);
            Finding second = r.of("asset.unknown").get(1);
            assertThat(second.evidence().count()).isEqualTo(3);
            assertThat(second.evidence().eventIds()).containsExactly("a2", "a3", "a4");
            assertThat(second.id()).isNotEqualTo(r.of("asset.unknown").get(0).id());
        }

        @Test
        void findingIdsAreStableAcrossRuns() {
            String id1 = new Events.Run(Events.site()).feed(arp(1, "a1", ROGUE)).of("asset.unknown").get(0).id();
            String id2 = new Events.Run(Events.site()).feed(arp(1, "a1", ROGUE)).of("asset.unknown").get(0).id();
            assertThat(id1).isEqualTo(id2).hasSize(16);
        }

        @Test
        void learningModeProposesInsteadOfAlertingThenEnforces() {
            Events.Run r = new Events.Run(Events.site("learning: {period: 1h}\n"))
                    .feed(arp(0, "a0", ST101), arp(10, "a1", ROGUE), arp(20, "a2", ROGUE));
            assertThat(r.engine.learning()).isTrue();
            assertThat(r.of("asset.unknown")).isEmpty();
            assertThat(r.engine.proposals()).singleElement().satisfies(p -> {
                assertThat(p.mac()).isEqualTo("A4-F2-E0-7B-19-C4");
                assertThat(p.firstDataset()).isEqualTo("vigil.arp");
                assertThat(p.lastSeenNanos() - p.firstSeenNanos()).isEqualTo(10_000_000_000L);
            });
            // after the period (observed: the station keeps talking): the learned device is accepted, a new one
            // is reported
            for (long t = 300; t <= 3600; t += 300) {
                r.feed(arp(t, "s" + t, ST101));
            }
            r.feed(arp(3700, "a3", ROGUE), arp(3701, "a4", "\"mac\":\"02-00-00-00-00-05\",\"ip\":\"10.20.0.77\""));
            assertThat(r.engine.learning()).isFalse();
            assertThat(r.of("asset.unknown")).singleElement()
                    .satisfies(f -> assertThat(f.asset().ip()).isEqualTo("10.20.0.77"));
        }

        @Test
        void aGapInObservationDoesNotEndLearning() {
            Events.Run r = new Events.Run(Events.site("learning: {period: 1h}\n"))
                    .feed(arp(0, "a0", ST101), arp(10, "a1", ROGUE), arp(10 * 3600, "a2", "\"mac\":\"02-00-00-00-00-05\",\"ip\":\"10.20.0.77\""));
            assertThat(r.engine.learning()).isTrue();
            assertThat(r.engine.stats().observationGaps()).isEqualTo(1);
            assertThat(r.engine.proposals()).hasSize(2);
        }

        @Test
        void suppressionByCidrSilencesIt() {
            Events.Run r = new Events.Run(Events.site("""
                    rules:
                      asset.unknown:
                        suppress: [{asset: 10.20.0.64/27, reason: lab bench}]
                    """)).feed(arp(1, "a1", ROGUE));
            assertThat(r.of("asset.unknown")).isEmpty();
            assertThat(r.engine.stats().suppressed()).isEqualTo(1);
        }

        @Test
        void disabledRuleRaisesNothing() {
            Events.Run r = new Events.Run(Events.site("rules: {asset.unknown: {enabled: false}}\n"))
                    .feed(arp(1, "a1", ROGUE));
            assertThat(r.findings).isEmpty();
        }
    }

    @Nested
    class PortUnapproved {
        @Test
        void telnetToAStationIsReportedOnTheStation() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ROGUE, 42290, ST101, 23, "tcp", "telnet", "SYN"));
            assertThat(r.keys("port.unapproved")).containsExactly("10.20.0.101 tcp/23");
            Finding f = r.of("port.unapproved").get(0);
            assertThat(f.details()).containsEntry("service", "telnet").containsEntry("direction", "inbound")
                    .containsEntry("peer_ip", "10.20.0.66");
            assertThat(f.asset().name()).isEqualTo("st101");
            assertThat(f.asset().role()).isEqualTo("station");
            assertThat(f.cisControl()).isEqualTo(9);
        }

        @Test
        void bothEndsAreJudgedByTheirRoles() {
            // syslog from the server to the collector: not approved for role server; "other" is not judged
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", SERVER, 514, SYSLOG, 514, "udp", "syslog", null),
                    // the phone may do SIP, the station DIP: a station calling the phone's DIP port is wrong
                    // for the phone only
                    flow(2, "f2", "start", ST101, 40000, PHONE, 50001, "tcp", null, "SYN"));
            assertThat(r.keys("port.unapproved")).containsExactlyInAnyOrder("10.20.0.10 udp/514",
                    "10.20.0.121 tcp/50001");
        }

        @Test
        void approvedServicesAndNegotiatedPortsAreNot() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ST101, 51935, SERVER, 50001, "tcp", "dip", "SYN"),
                    flow(2, "f2", "start", SERVER, 5001, "\"ip\":\"239.192.1.0\"", 5001, "udp", "dip", null),
                    flow(3, "f3", "start", ST101, 53048, SERVER, 69, "udp", "tftp", null),
                    // the TFTP transfer on two ephemeral ports (RFC 1350): approved because TFTP is
                    flow(4, "f4", "start", SERVER, 57671, ST101, 53048, "udp", "tftp", null),
                    flow(5, "f5", "start", ST101, 61000, ST102, 61000, "udp", "rtp", null),
                    flow(6, "f6", "start", ST101, -1, "\"ip\":\"239.192.1.0\"", -1, "igmp", null, null));
            assertThat(r.of("port.unapproved")).isEmpty();
        }

        @Test
        void aReplyFromAnApprovedPortIsNotAService() {
            // capture started mid-exchange: the first packet seen is the server's answer to a high port
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", NTP, 123, ST101, 40001, "udp", "ntp", null),
                    flow(2, "f2", "start", SERVER, 50001, ST101, 51935, "tcp", "dip", null));
            assertThat(r.of("port.unapproved")).isEmpty();
        }

        @Test
        void aTcpSynTowardsAnUnapprovedHighPortIsReportedEvenFromAnApprovedPort() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ST101, 80, ST102, 40001, "tcp", null, "SYN"));
            assertThat(r.keys("port.unapproved")).containsExactlyInAnyOrder("10.20.0.101 tcp/40001",
                    "10.20.0.102 tcp/40001");
        }

        @Test
        void startAndEndDocumentsOfOneFlowCountOnce() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ST102, 42290, ST101, 23, "tcp", "telnet", null),
                    flow(2, "f2", null, ST102, 42290, ST101, 23, "tcp", "telnet", "SYN"));
            assertThat(r.keys("port.unapproved")).containsExactly("10.20.0.102 tcp/23", "10.20.0.101 tcp/23");
            assertThat(r.engine.stats().repeats()).isZero();
        }

        @Test
        void endDocumentsJudgeWhenThereAreNoStartDocuments() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(2, "f2", null, ROGUE, 42290, ST101, 23, "tcp", "telnet", "SYN"));
            assertThat(r.of("port.unapproved")).hasSize(1);
        }

        @Test
        void trafficToANetworkThatIsNotAllowedIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ST101, 40000, "\"mac\":\"02-00-00-00-00-FE\",\"ip\":\"8.8.8.8\"", 80,
                            "tcp", "http", "SYN"),
                    flow(2, "f2", "start", ST101, 40001, "\"mac\":\"02-00-00-00-00-FE\",\"ip\":\"10.30.0.5\"", 80,
                            "tcp", "http", "SYN"));
            assertThat(r.keys("port.unapproved")).containsExactly("10.20.0.101 network:8.8.8.8");
        }

        @Test
        void sipWithAPeerThatIsNeitherTheSipServerNorAuthorizedIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", ST101, 5060, "\"mac\":\"02-00-00-00-00-FE\",\"ip\":\"10.20.0.200\"",
                            5060, "udp", "sip", null),
                    flow(2, "f2", "start", ST101, 5060, PHONE, 5060, "udp", "sip", null),
                    flow(3, "f3", "start", ST101, 5060, SERVER, 5060, "udp", "sip", null),
                    // a remote SIP server reached through the (authorized) router: its MAC is the router's
                    flow(4, "f4", "start", ST101, 5060, "\"mac\":\"AA-BB-CC-00-00-02\",\"ip\":\"10.30.0.9\"", 5060,
                            "udp", "sip", null));
            assertThat(r.keys("port.unapproved")).containsExactlyInAnyOrder("10.20.0.101 sip-peer:10.20.0.200",
                    "10.20.0.101 sip-peer:10.30.0.9");
        }

        @Test
        void rolesWithoutServicesAreNotJudged() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    flow(1, "f1", "start", NTP, 40000, SYSLOG, 3389, "tcp", null, "SYN"));
            assertThat(r.of("port.unapproved")).isEmpty();
        }
    }

    @Nested
    class SipCleartext {
        static String sip(long t, String id, String src, String dst, String transport, String extra) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.sip","id":"%s"},
                     "source":{%s,"port":5060},"destination":{%s,"port":5060},
                     "network":{"transport":"%s"},
                     "sip":{"transport":"%s","type":"request","method":"REGISTER","call_id":"c1@x"%s}}"""
                    .formatted(at(t), id, src, dst, transport.equals("tls") ? "tcp" : transport, transport, extra);
        }

        @Test
        void sipOverUdpAndDigestInClearAreReportedWhenSipsIsRequired() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    sip(1, "s1", PHONE, SERVER, "udp", ""),
                    sip(2, "s2", PHONE, SERVER, "udp",
                            ",\"auth\":{\"scheme\":\"Digest\",\"realm\":\"AlphaCom\",\"username\":\"201\"}"));
            assertThat(r.keys("sip.cleartext")).containsExactly("10.20.0.121 transport", "10.20.0.121 digest");
            assertThat(r.of("sip.cleartext").get(1).details()).containsEntry("username", "201");
            assertThat(r.of("sip.cleartext").get(1).cisControl()).isEqualTo(11);
        }

        @Test
        void sipOverTlsIsNot() {
            Events.Run r = new Events.Run(Events.site()).feed(sip(1, "s1", PHONE, SERVER, "tls",
                    ",\"auth\":{\"scheme\":\"Digest\",\"username\":\"202\"},\"sdp\":{\"present\":true,\"crypto\":\"sdes\"}"));
            assertThat(r.findings).isEmpty();
        }

        @Test
        void cleartextSipIsAcceptedWhenThePolicyDoesNotRequireSips() {
            Events.Run r = new Events.Run(Events.policy(Events.SITE.replace("sips_required: true",
                    "sips_required: false"))).feed(sip(1, "s1", PHONE, SERVER, "udp",
                    ",\"auth\":{\"scheme\":\"Digest\",\"username\":\"201\"}"));
            assertThat(r.of("sip.cleartext")).isEmpty();
        }

        @Test
        void sdesKeysInCleartextSipAreReportedAlways() {
            Events.Run r = new Events.Run(Events.policy(Events.SITE.replace("sips_required: true",
                    "sips_required: false"))).feed(sip(1, "s1", ST101, PHONE, "udp",
                    ",\"sdp\":{\"present\":true,\"crypto\":\"sdes\"}"));
            assertThat(r.of("sip.sdes_cleartext")).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.asset().name()).isEqualTo("st101");
                assertThat(f.details()).containsEntry("call_id", "c1@x");
            });
        }

        @Test
        void sdpWithoutCryptoIsNotSdes() {
            Events.Run r = new Events.Run(Events.site()).feed(sip(1, "s1", ST101, PHONE, "udp",
                    ",\"sdp\":{\"present\":true,\"crypto\":\"dtls\"}"));
            assertThat(r.of("sip.sdes_cleartext")).isEmpty();
        }

        @Test
        void callsWithPlainRtpAreReportedOncePerDevice() {
            String call = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.call","id":"c1"},
                     "source":{%s},"destination":{%s},
                     "call":{"call_id":"abc@10.20.0.101","media_encryption":"none"}}""".formatted(at(50), ST101, PHONE);
            String rtp = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.rtp","id":"r1"},
                     "source":{%s,"port":61000},"destination":{%s,"port":61100},
                     "network":{"transport":"udp"},"rtp":{"srtp":false,"call_id":"abc@10.20.0.101"}}"""
                    .formatted(at(40), ST101, PHONE);
            String dipAudio = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.rtp","id":"r2"},
                     "source":{%s,"port":61000},"destination":{%s,"port":61000},
                     "network":{"transport":"udp"},"rtp":{"srtp":false}}""".formatted(at(41), ST102, ST101);
            Events.Run r = new Events.Run(Events.site()).feed(rtp, dipAudio, call);
            assertThat(r.keys("sip.cleartext")).containsExactlyInAnyOrder("10.20.0.101 media", "10.20.0.121 media");
        }

        @Test
        void srtpCallsAreNot() {
            String call = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.call","id":"c1"},"source":{%s},"destination":{%s},
                     "call":{"call_id":"abc","media_encryption":"sdes"}}""".formatted(at(50), ST101, PHONE);
            assertThat(new Events.Run(Events.site()).feed(call).of("sip.cleartext")).isEmpty();
        }
    }

    @Nested
    class SnmpWeak {
        static String snmp(String src, String dst, String pdu, String version, String extra) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.snmp","id":"n1"},
                     "source":{%s,"port":161},"destination":{%s,"port":40000},"network":{"transport":"udp"},
                     "snmp":{"version":"%s","pdu_type":"%s"%s}}""".formatted(at(1), src, dst, version, pdu, extra);
        }

        @Test
        void defaultCommunityIsEscalatedAndOnTheAgent() {
            String get = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.snmp","id":"n1"},
                     "source":{"ip":"10.30.0.50","port":40000},"destination":{%s,"port":161},
                     "network":{"transport":"udp"},"snmp":{"version":"2c","pdu_type":"get-request",
                     "community":{"present":true,"default":true,"hash":"ab"}}}""".formatted(at(1), SERVER);
            Events.Run r = new Events.Run(Events.site()).feed(get);
            assertThat(r.of("snmp.weak")).singleElement().satisfies(f -> {
                assertThat(f.asset().ip()).isEqualTo("10.20.0.10");
                assertThat(f.key()).isEqualTo("default-community");
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.cisControl()).isEqualTo(4);
                assertThat(f.message()).startsWith("SNMP agent server (10.20.0.10)");
            });
        }

        @Test
        void v1AndV2cWithOtherCommunitiesAreReported() {
            Events.Run r = new Events.Run(Events.site()).feed(snmp(SERVER, ST101, "get-response", "1",
                    ",\"community\":{\"present\":true,\"default\":false}"));
            assertThat(r.keys("snmp.weak")).containsExactly("10.20.0.10 v1");
            assertThat(r.of("snmp.weak").get(0).severity()).isEqualTo(Severity.MEDIUM);
        }

        @Test
        void v3NoAuthNoPrivIsReportedAndAuthPrivIsNot() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    snmp(SERVER, ST101, "get-response", "3", ",\"v3\":{\"security_level\":\"noAuthNoPriv\"}"),
                    snmp(ST101, SERVER, "get-response", "3", ",\"v3\":{\"security_level\":\"authPriv\"}"));
            assertThat(r.keys("snmp.weak")).containsExactly("10.20.0.10 v3-noauthnopriv");
        }

        @Test
        void trapsCountAsMonitoringForTheServer() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    arp(0, "a", SERVER),
                    snmp(SERVER, ST101, "snmpv2-trap", "3", ",\"v3\":{\"security_level\":\"authPriv\"}")
                            .replace(at(1), at(200)),
                    """
                    {"@timestamp":"%s","event":{"dataset":"vigil.ntp","id":"t1"},"source":{%s,"port":123},
                     "destination":{%s,"port":123},"ntp":{"mode":"client"}}""".formatted(at(500), SERVER, NTP),
                    arp(700, "a", SERVER)).finish();
            assertThat(r.of("audit.hygiene")).extracting(Finding::key).doesNotContain("syslog", "ntp");
        }
    }

    @Nested
    class AdminCleartext {
        static String http(String auth) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.http","id":"h1"},
                     "source":{"ip":"10.20.0.50","port":52637,"mac":"6C-2B-59-3E-8A-17"},
                     "destination":{%s,"port":80},"network":{"transport":"tcp"},
                     "http":{"request":{"method":"GET"%s},"response":{"status_code":200}},
                     "url":{"original":"/"}}""".formatted(at(1), ST102, auth);
        }

        @Test
        void basicAuthOverHttpIsReportedOnTheDevice() {
            Events.Run r = new Events.Run(Events.site()).feed(
                    http(",\"auth\":{\"scheme\":\"Basic\",\"username\":\"admin\",\"cleartext\":true}"));
            assertThat(r.of("admin.cleartext")).singleElement().satisfies(f -> {
                assertThat(f.asset().name()).isEqualTo("st102");
                assertThat(f.key()).isEqualTo("http-basic");
                assertThat(f.severity()).isEqualTo(Severity.HIGH);
                assertThat(f.details()).containsEntry("username", "admin").containsEntry("server_port", 80L);
                assertThat(f.cisControl()).isEqualTo(4);
            });
        }

        @Test
        void vendorDefaultCredentialsAreCritical() {
            Events.Run r = new Events.Run(Events.site()).feed(http(
                    ",\"auth\":{\"scheme\":\"Basic\",\"username\":\"admin\",\"cleartext\":true,\"default_credentials\":true}"));
            assertThat(r.of("admin.cleartext")).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("http-default-credentials");
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            });
        }

        @Test
        void httpWithoutCredentialsIsNot() {
            assertThat(new Events.Run(Events.site()).feed(http("")).of("admin.cleartext")).isEmpty();
        }

        @Test
        void aLoginFormPostedOverHttpIsReported() {
            String post = http("").replace("\"method\":\"GET\"", "\"method\":\"POST\"")
                    .replace("\"original\":\"/\"", "\"original\":\"/cgi-bin/Login.cgi\"");
            assertThat(new Events.Run(Events.site()).feed(post).keys("admin.cleartext"))
                    .containsExactly("10.20.0.102 http-form");
        }

        @Test
        void telnetSessionsAreReportedButProbesNeverReachHere() {
            String telnet = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.telnet","id":"t1"},
                     "source":{"ip":"10.20.0.50","port":40000},"destination":{%s,"port":23},
                     "telnet":{"session":true,"client":{"bytes":10},"server":{"bytes":20,"banner":"login:"}}}"""
                    .formatted(at(1), ST101);
            assertThat(new Events.Run(Events.site()).feed(telnet).of("admin.cleartext")).singleElement()
                    .satisfies(f -> assertThat(f.details()).containsEntry("banner", "login:"));
        }
    }

    @Nested
    class TlsWeak {
        static String tls(String version, String cipher, String server) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.tls","id":"t1"},
                     "source":{%s,"port":59686},"destination":{%s,"port":5061},"network":{"transport":"tcp"},
                     "tls":{"version":"%s","version_protocol":"tls","cipher":"%s",
                            "client":{"server_name":"icx.example","version":"1.2"},"server":{"version":"%s",%s}}}"""
                    .formatted(at(1), PHONE, SERVER, version, cipher, version, server);
        }

        static final String GOOD_CERT = "\"subject\":\"CN=icx\",\"issuer\":\"CN=Site CA\",\"not_before\":\"2025-01-01T00:00:00Z\","
                + "\"not_after\":\"2030-01-01T00:00:00Z\",\"self_signed\":false";

        @Test
        void aGoodSessionIsNot() {
            assertThat(new Events.Run(Events.site()).feed(tls("1.2", "0xc02f", GOOD_CERT)).findings).isEmpty();
        }

        @Test
        void oldVersionsWeakCiphersAndBadCertificatesAreReported() {
            Events.Run r = new Events.Run(Events.site()).feed(tls("1.0", "0x000a",
                    "\"subject\":\"CN=icx\",\"issuer\":\"CN=icx\",\"not_before\":\"2020-01-01T00:00:00Z\","
                            + "\"not_after\":\"2025-01-01T00:00:00Z\",\"self_signed\":false"));
            assertThat(r.keys("tls.weak")).containsExactly("10.20.0.10 version", "10.20.0.10 cipher",
                    "10.20.0.10 certificate-expired", "10.20.0.10 certificate-self-signed");
            assertThat(r.of("tls.weak").get(1).details()).containsEntry("weakness", "3des");
            // subject = issuer although the signature did not verify: still not a certificate a client can trust
            assertThat(r.of("tls.weak").get(3).details()).containsEntry("signature_verified", false);
        }

        @Test
        void aClientOfferingOnlyOldVersionsIsReportedWhenNoServerAnswered() {
            String hello = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.tls","id":"t1"},
                     "source":{%s,"port":59686},"destination":{"ip":"10.20.0.10","port":443},
                     "tls":{"version":"1.0","version_protocol":"tls","client":{"version":"1.0"}}}"""
                    .formatted(at(1), ST101);
            Events.Run r = new Events.Run(Events.site()).feed(hello);
            assertThat(r.keys("tls.weak")).containsExactly("10.20.0.101 client-version");
            // the same offer answered with TLS 1.2 by the server is the server's choice, and fine
            assertThat(new Events.Run(Events.site()).feed(tls("1.2", "0xc02f", GOOD_CERT)
                    .replace("\"client\":{\"server_name\":\"icx.example\",\"version\":\"1.2\"}",
                            "\"client\":{\"version\":\"1.0\"}")).findings).isEmpty();
        }

        @Test
        void aCertificateNotYetValidIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(tls("1.3", "0x1301",
                    GOOD_CERT.replace("2025-01-01T00:00:00Z", "2027-01-01T00:00:00Z")));
            assertThat(r.keys("tls.weak")).containsExactly("10.20.0.10 certificate-not-yet-valid");
        }
    }

    @Nested
    class SoftwareUnauthorized {
        static String sipUa(String src, String ua) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.sip","id":"s1"},"source":{%s,"port":5060},
                     "destination":{%s,"port":5060},"sip":{"transport":"tls","method":"OPTIONS",
                     "user_agent":{"original":"%s"}}}""".formatted(at(1), src, SERVER, ua);
        }

        @Test
        void olderThanTheMinimumIsReported() {
            String discovery = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.discovery","id":"d1"},"source":{%s,"port":5002},
                     "destination":{%s,"port":5002},"discovery":{"strings":["IP Station","5.2.3.1","00:13:CB:14:01:02","Gate 2"]}}"""
                    .formatted(at(1), ST102, SERVER);
            Events.Run r = new Events.Run(Events.site()).feed(discovery);
            assertThat(r.of("software.unauthorized")).singleElement().satisfies(f -> {
                assertThat(f.key()).isEqualTo("outdated:IP Station");
                assertThat(f.details()).containsEntry("version", "5.2.3.1").containsEntry("min_version", "7.6")
                        .containsEntry("field", "discovery.strings");
                assertThat(f.cisControl()).isEqualTo(2);
            });
        }

        @Test
        void versionsCompareNumericallyNotAsText() {
            Events.Run r = new Events.Run(Events.site()).feed(sipUa(ST101, "Zenitel IP Station 7.10.0.1"),
                    sipUa(ST102, "Zenitel IP Station 7.6"));
            assertThat(r.of("software.unauthorized")).isEmpty();
        }

        @Test
        void softwareNotInTheApprovedListIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(sipUa(ST101, "Linphone/5.2.0 (belle-sip)"));
            assertThat(r.keys("software.unauthorized")).containsExactly("10.20.0.101 unapproved:Linphone/5.2.0 (belle-sip)");
        }

        @Test
        void snmpSysDescrOfTheAgentIsJudged() {
            String resp = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.snmp","id":"n1"},"source":{%s,"port":161},
                     "destination":{"ip":"10.20.0.50","port":40000},"snmp":{"version":"3","pdu_type":"get-response",
                     "v3":{"security_level":"authPriv"},"system":{"description":"Zenitel ICX-AlphaCom, software 11.1.9, node 1"}}}"""
                    .formatted(at(1), SERVER);
            assertThat(new Events.Run(Events.site()).feed(resp).keys("software.unauthorized"))
                    .containsExactly("10.20.0.10 outdated:ICX-AlphaCom");
        }

        @Test
        void rolesWithoutASoftwareListAreNotJudgedAndRepeatsAreJudgedOnce() {
            Events.Run r = new Events.Run(Events.site()).feed(sipUa(PHONE, "Anything 1.0"),
                    sipUa(ST101, "Zenitel IP Station 7.6.3.2"), sipUa(ST101, "Zenitel IP Station 7.6.3.2"));
            assertThat(r.of("software.unauthorized")).isEmpty();
        }
    }

    @Nested
    class AuditHygiene {
        static String ntp(long t, String client) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.ntp","id":"n%d"},"source":{%s,"port":123},
                     "destination":{%s,"port":123},"network":{"transport":"udp"},"ntp":{"mode":"client"}}"""
                    .formatted(at(t), t, client, NTP);
        }

        static String syslog(long t, String sender) {
            return """
                    {"@timestamp":"%s","event":{"dataset":"vigil.syslog","id":"y%d"},"source":{%s,"port":514},
                     "destination":{%s,"port":514},"network":{"transport":"udp"},"syslog":{"message":"x"}}"""
                    .formatted(at(t), t, sender, SYSLOG);
        }

        @Test
        void aStationWithoutNtpWithinTheWindowIsReportedOnce() {
            Events.Run r = new Events.Run(Events.site());
            r.feed(arp(0, "a0", ST101), arp(0, "a1", ST102), ntp(10, ST102), arp(0, "s", SERVER), ntp(10, SERVER),
                    syslog(10, SERVER));
            for (long t = 60; t <= 660; t += 60) {
                r.feed(arp(t, "a" + t, ST101), arp(t, "b" + t, ST102), ntp(t, ST102), ntp(t, SERVER), syslog(t, SERVER));
            }
            r.finish();
            assertThat(r.keys("audit.hygiene")).containsExactly("10.20.0.101 ntp");
            assertThat(r.of("audit.hygiene").get(0).cisControl()).isEqualTo(6);
            assertThat(r.of("audit.hygiene").get(0).severity()).isEqualTo(Severity.LOW);
        }

        @Test
        void aServerSendingNoSyslogIsReported() {
            Events.Run r = new Events.Run(Events.site()).feed(arp(0, "s", SERVER), ntp(1, SERVER), ntp(590, SERVER),
                    arp(601, "s2", SERVER));
            assertThat(r.keys("audit.hygiene")).containsExactly("10.20.0.10 syslog");
        }

        @Test
        void captureFilesOfDifferentDaysAreNotSilence() {
            // two recordings a day apart analysed together: the day between was not observed
            Events.Run r = new Events.Run(Events.site()).feed(arp(0, "a0", ST101), ntp(1, ST101), arp(0, "s0", SERVER),
                    ntp(1, SERVER), syslog(1, SERVER), arp(86_400, "a1", ST101), arp(86_401, "s1", SERVER)).finish();
            assertThat(r.of("audit.hygiene")).extracting(Finding::key).doesNotContain("silent", "ntp", "syslog");
        }

        @Test
        void nothingIsJudgedBeforeTheWindowHasPassed() {
            Events.Run r = new Events.Run(Events.site()).feed(arp(0, "a0", ST101), arp(300, "a1", ST101)).finish();
            assertThat(r.of("audit.hygiene")).isEmpty();
        }

        @Test
        void aDeviceThatGoesSilentIsReportedByAdvanceAndNotSeenDevicesToo() {
            Events.Run r = new Events.Run(Events.site()).feed(arp(0, "a0", ST101), ntp(1, ST101));
            r.engine.advance(r.engine.now() + 31L * 60 * 1_000_000_000L, r.findings::add);
            assertThat(r.keys("audit.hygiene")).contains("10.20.0.101 silent", "10.20.0.102 not-seen",
                    "10.20.0.10 not-seen");
            int before = r.of("audit.hygiene").size();
            r.engine.advance(r.engine.now() + 5_000_000_000L, r.findings::add);
            assertThat(r.of("audit.hygiene")).hasSize(before); // still silent: no new finding
        }
    }

    @Nested
    class TftpTransfer {
        @Test
        void readsAndWritesAreInformationWithWhoWhatWhen() {
            String rrq = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.tftp","id":"t1"},"source":{%s,"port":53048},
                     "destination":{%s,"port":69},"network":{"transport":"udp"},
                     "tftp":{"opcode":"RRQ","filename":"station_101.cfg","mode":"octet"}}""".formatted(at(4), ST101, SERVER);
            String data = rrq.replace("\"opcode\":\"RRQ\"", "\"opcode\":\"DATA\",\"block\":1");
            String wrq = rrq.replace("RRQ", "WRQ").replace("station_101.cfg", "fw-7.6.3.2.bin");
            Events.Run r = new Events.Run(Events.site()).feed(rrq, data, wrq);
            assertThat(r.of("tftp.transfer")).hasSize(2);
            Finding read = r.of("tftp.transfer").get(0);
            assertThat(read.severity()).isEqualTo(Severity.INFO);
            assertThat(read.asset().name()).isEqualTo("st101");
            assertThat(read.details()).containsEntry("filename", "station_101.cfg").containsEntry("kind", "configuration")
                    .containsEntry("direction", "read").containsEntry("server_ip", "10.20.0.10");
            assertThat(r.of("tftp.transfer").get(1).details()).containsEntry("kind", "firmware")
                    .containsEntry("direction", "write");
            assertThat(read.evidence().firstSeenNanos()).isEqualTo(Timestamps.parseNanos(at(4)));
        }

        @Test
        void transfersOffTheIntercomNetworkAreNot() {
            String rrq = """
                    {"@timestamp":"%s","event":{"dataset":"vigil.tftp","id":"t1"},"source":{"ip":"192.168.0.5","port":1},
                     "destination":{"ip":"192.168.0.1","port":69},"tftp":{"opcode":"RRQ","filename":"a.cfg"}}""".formatted(at(1));
            assertThat(new Events.Run(Events.site()).feed(rrq).findings).isEmpty();
        }
    }

    @Test
    void malformedDocumentsAreCountedNotThrown() {
        Events.Run r = new Events.Run(Events.site()).feed("[]", "{\"event\":{\"dataset\":\"vigil.flow\"}}",
                "{\"event\":{\"dataset\":\"vigil.sip\"},\"sip\":\"x\",\"source\":[1,2]}", "42",
                "{\"event\":{\"dataset\":\"vigil.tls\"},\"@timestamp\":\"yesterday\",\"destination\":{\"ip\":\"10.20.0.10\"},\"tls\":{\"version\":1.0}}");
        assertThat(r.findings).isEmpty();
        assertThat(r.engine.stats().events()).isEqualTo(5);
    }
}
