package dev.vigil.protocol.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The RFC 4475 messages, mutated at random positions and cut anywhere, never make the parser throw. */
class Rfc4475Properties {
    @Provide
    Arbitrary<byte[]> mutated() {
        return Arbitraries.of(Rfc4475Test.ALL).flatMap(name -> {
            byte[] seed = Rfc4475Test.resource(name);
            return Arbitraries.integers().between(0, seed.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.of((byte) ' ', (byte) '\r', (byte) '\n', (byte) ';', (byte) ',',
                        (byte) '"', (byte) '<', (byte) '>', (byte) ':', (byte) '\\', (byte) 0, (byte) 0xFF)
                    .list().ofSize(positions.size()).map(values -> mutate(seed, positions, values)));
        });
    }

    private static byte[] mutate(byte[] seed, List<Integer> positions, List<Byte> values) {
        byte[] b = seed.clone();
        for (int i = 0; i < positions.size(); i++) {
            b[positions.get(i)] = values.get(i);
        }
        return b;
    }

    @Property(tries = 2000)
    void mutatedNeverThrows(@ForAll("mutated") byte[] b, @ForAll boolean complete) {
        SipParser p = new SipParser();
        SipMessageView v = p.newView();
        p.parseDatagram(b, 0, b.length, complete, v);
        assertThat(v.messageLength()).isBetween(0, b.length);
        assertThat(v.bodyOffset() + v.bodyLength()).isLessThanOrEqualTo(b.length);
        for (int h = 0; h < v.headerCount(); h++) {
            assertThat(v.valueOffset(h) + v.valueLength(h)).isLessThanOrEqualTo(b.length);
        }
        int head = p.parseHead(b, 0, b.length, v);
        assertThat(head).isLessThanOrEqualTo(b.length);
    }
}
