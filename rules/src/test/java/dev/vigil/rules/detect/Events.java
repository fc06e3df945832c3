package dev.vigil.rules.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.rules.policy.Policy;
import dev.vigil.rules.policy.PolicyException;
import dev.vigil.rules.policy.PolicyLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: a site policy, event documents written as JSON literals, and a run of the engine. */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The test site: 10.20.0.0/24 and VLAN 20, a server, two stations, a phone, NTP and syslog. */
    static final String SITE = """
            networks: {intercom: [10.20.0.0/24], vlans: [20], allowed_peers: [10.30.0.0/24]}
            servers: {sip: [10.20.0.10], ntp: [10.20.0.2], syslog: [10.20.0.3]}
            sips_required: true
            roles:
              server:
                services: [dip, sip, sips, snmp, tftp, rtp, ntp, discovery, https]
                software: [{product: ICX-AlphaCom, min_version: "11.2"}]
              station:
                services: [dip, sip, rtp, ntp, discovery, http, tftp, dhcp]
                software: [{product: IP Station, min_version: "7.6"}]
              phone:
                services: [sip, rtp]
            inventory:
              - {mac: "00:13:cb:14:00:0a", ip: 10.20.0.10, name: server, role: server}
              - {mac: "00:13:cb:14:01:01", ip: 10.20.0.101, name: st101, role: station}
              - {mac: "00:13:cb:14:01:02", ip: 10.20.0.102, name: st102, role: station}
              - {ip: 10.20.0.121, name: phone, role: phone}
              - {mac: "aa:bb:cc:00:00:02", ip: 10.20.0.2, name: ntp, role: other}
              - {mac: "aa:bb:cc:00:00:03", ip: 10.20.0.3, name: syslog, role: other}
            hygiene: {window: 10m, silence_threshold: 30m}
            """;

    private Events() {
    }

    static Policy policy(String yaml) {
        try {
            return PolicyLoader.parse(yaml, "test.yaml");
        } catch (PolicyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Policy site() {
        return policy(SITE);
    }

    /** The site policy with more YAML appended at the top level (later keys must not repeat SITE's). */
    static Policy site(String more) {
        return policy(SITE + more);
    }

    static JsonNode doc(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 2026-03-02T08:MM:SS.000000Z} for a number of seconds after 08:00. */
    static String at(long seconds) {
        return String.format("2026-03-02T%02d:%02d:%02d.000000Z", 8 + seconds / 3600, (seconds / 60) % 60,
                seconds % 60);
    }

    /** Runs the engine over documents and returns what it raised (finish included). */
    static final class Run {
        final FindingEngine engine;
        final List<Finding> findings = new ArrayList<>();

        Run(Policy p) {
            engine = new FindingEngine(p);
        }

        Run feed(String... docs) {
            for (String d : docs) {
                engine.onEvent(doc(d), findings::add);
            }
            return this;
        }

        Run finish() {
            engine.finish(findings::add);
            return this;
        }

        List<Finding> of(String ruleId) {
            return findings.stream().filter(f -> f.ruleId().equals(ruleId)).collect(Collectors.toList());
        }

        List<String> keys(String ruleId) {
            return of(ruleId).stream().map(f -> f.asset().ip() + " " + f.key()).collect(Collectors.toList());
        }
    }
}
