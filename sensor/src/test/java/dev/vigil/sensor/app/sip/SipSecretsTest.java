package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No secret seen on the wire leaves the process: for every capture of the corpus that carries SIP
 * (and the demo capture, whose INVITE offers SDES keys), the secrets are found in the raw file
 * bytes, independently of the decoder (Digest {@code response=}, {@code nonce=}, {@code cnonce=}
 * values, SDES {@code inline:} keys, MIKEY data, URI passwords), and no document the SIP decoder
 * writes ({@code vigil.sip}, {@code vigil.call}, {@code vigil.decode}) contains any of them.
 */
class SipSecretsTest {
    private static final Pattern[] SECRETS = {
        Pattern.compile("(?i)\\bc?nonce\\s*=\\s*\"([^\"]{6,})\""),
        Pattern.compile("(?i)\\bresponse\\s*=\\s*\"?([0-9a-f]{16,})"),
        Pattern.compile("(?i)inline:([A-Za-z0-9+/=]{12,})"),
        Pattern.compile("(?i)a=key-mgmt:\\S+ ([A-Za-z0-9+/=]{8,})"),
        Pattern.compile("(?i)sips?:[^:@\\s<>\";]+:([^@\\s<>\";]{3,})@"),
    };

    static Stream<Arguments> captures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (Corpus.Entry e : Corpus.entries()) {
            if (raw(e.file()).contains("SIP/2.0")) {
                out.add(Arguments.of(e.path(), e.file()));
            }
        }
        out.add(Arguments.of("demo/intercom-site.pcap", Demo.pcap()));
        return out.stream();
    }

    static String raw(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    static Set<String> secrets(Path p) throws IOException {
        String raw = raw(p);
        Set<String> found = new LinkedHashSet<>();
        for (Pattern s : SECRETS) {
            Matcher m = s.matcher(raw);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void noSecretInAnyDocument(String name, Path file) throws IOException {
        Set<String> secrets = secrets(file);
        Analyze.Run run = Analyze.files(new AppRegistry().register(SipApp::new), file);
        assertThat(run.result().errors()).isEmpty();
        for (JsonNode d : run.output().docs()) {
            String text = d.toString();
            assertThat(text).as(name).doesNotContain("inline:").doesNotContainIgnoringCase("response=")
                .doesNotContainIgnoringCase("nonce=");
            for (String s : secrets) {
                assertThat(text).as("%s leaks %s", name, s).doesNotContain(s);
            }
        }
    }

    /** The scan above finds what it looks for: Digest responses in ndpi__sip, SDES keys in the demo. */
    @Test
    void secretsAreFoundInTheCaptures() throws IOException {
        assertThat(secrets(Corpus.file("sip/ndpi__sip.pcap"))).contains("0b7990bb21d5572d6571e97b98c6d70f");
        assertThat(secrets(Demo.pcap())).contains("iW02J66R9dE3CBGiCseTyc1UuelM+6TZViC3gXId");
        Analyze.Run run = Analyze.files(new AppRegistry().register(SipApp::new), Demo.pcap());
        // the demo INVITE's SDES keys are reported as present, by suite, without the keys
        JsonNode invite = run.output().dataset(SipApp.DATASET).stream()
            .filter(d -> d.path("sip").path("method").asText().equals("INVITE")).findFirst().orElseThrow();
        assertThat(invite.path("sip").path("sdp").path("sdes_keys_present").asBoolean()).isTrue();
        assertThat(invite.path("sip").path("sdp").path("media").get(0).path("crypto_suites"))
            .extracting(JsonNode::asText).containsExactly("AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32");
    }
}
