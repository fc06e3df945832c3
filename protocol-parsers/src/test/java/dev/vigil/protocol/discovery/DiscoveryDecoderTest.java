package dev.vigil.protocol.discovery;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-made UDP 5002 payloads: the format is undocumented, so only printable runs are decoded. */
class DiscoveryDecoderTest {
    private final DiscoveryDecoder decoder = new DiscoveryDecoder();

    /** The demo generator's placeholder layout: 6 opaque bytes, then NUL-separated strings. */
    private static byte[] payload(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x02, 0x5A, 0x02, 0x00, 0x10, 0x14});
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return out.toByteArray();
    }

    private DiscoveryView decode(byte[] b) {
        return decode(b, b.length);
    }

    private DiscoveryView decode(byte[] b, int declared) {
        byte[] packet = new byte[b.length + 42 + 8];
        java.util.Arrays.fill(packet, (byte) 'Z'); // printable stale bytes around the payload must not leak in
        System.arraycopy(b, 0, packet, 42, b.length);
        return decoder.decode(new UnsafeBuffer(packet), 42, b.length, declared);
    }

    private static List<String> strings(DiscoveryView v) {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < v.stringCount(); i++) {
            s.add(v.string(i));
        }
        return s;
    }

    private static List<String> keys(DiscoveryView v) {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            k.add(v.event(i).key());
        }
        return k;
    }

    @Test
    void printableRunsOfFourOrMore() {
        // model, firmware, MAC and name of station 102; 0x5A ('Z') alone is a run of 1 and ignored
        DiscoveryView v = decode(payload("IP Station", "7.6.3.2", "00:13:CB:14:01:02", "Gate 2", "abc"));
        assertThat(strings(v)).containsExactly("IP Station", "7.6.3.2", "00:13:CB:14:01:02", "Gate 2");
        assertThat(v.totalStrings()).isEqualTo(4);
        assertThat(v.length()).isEqualTo(6 + 11 + 8 + 18 + 7 + 4);
        assertThat(keys(v)).isEmpty();
        assertThat(v.truncated()).isFalse();
    }

    @Test
    void aRunAtTheVeryEndCounts() {
        assertThat(strings(decode("\u0001\u0002tail".getBytes(StandardCharsets.US_ASCII)))).containsExactly("tail");
    }

    @Test
    void empty() {
        DiscoveryView v = decode(new byte[0]);
        assertThat(keys(v)).containsExactly("discovery.empty");
        assertThat(v.stringCount()).isZero();
    }

    @Test
    void tooManyStrings() {
        String[] s = new String[20];
        for (int i = 0; i < s.length; i++) {
            s[i] = "str" + (char) ('a' + i);
        }
        DiscoveryView v = decode(payload(s));
        assertThat(keys(v)).containsExactly("discovery.too_many_strings");
        assertThat(v.stringCount()).isEqualTo(16);
        assertThat(v.totalStrings()).isEqualTo(20);
        assertThat(strings(v).get(15)).isEqualTo("strp");
    }

    @Test
    void stringTooLong() {
        DiscoveryView v = decode(payload("x".repeat(100), "ok12"));
        assertThat(keys(v)).containsExactly("discovery.string_too_long");
        assertThat(strings(v)).containsExactly("x".repeat(64), "ok12");
    }

    @Test
    void truncated() {
        // the capture kept 21 of 60 declared bytes
        byte[] b = payload("IP Station", "7.6.3.2");
        byte[] cut = java.util.Arrays.copyOf(b, 21);
        DiscoveryView v = decode(cut, 60);
        assertThat(keys(v)).containsExactly("discovery.truncated");
        assertThat(v.truncated()).isTrue();
        assertThat(v.declaredLength()).isEqualTo(60);
        assertThat(strings(v)).containsExactly("IP Station", "7.6.");
    }

    @Test
    void everyEventHasACase() {
        List<String> covered = List.of("discovery.empty", "discovery.too_many_strings", "discovery.string_too_long",
                "discovery.truncated");
        assertThat(covered).containsExactlyInAnyOrderElementsOf(DecodeEventType.all().stream()
                .map(DecodeEventType::key).filter(k -> k.startsWith("discovery.")).toList());
    }
}
