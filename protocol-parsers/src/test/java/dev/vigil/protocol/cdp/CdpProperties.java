package dev.vigil.protocol.cdp;

import static dev.vigil.protocol.cdp.CdpFrames.ipv4Addresses;
import static dev.vigil.protocol.cdp.CdpFrames.pdu;
import static dev.vigil.protocol.cdp.CdpFrames.text;
import static dev.vigil.protocol.cdp.CdpFrames.tlv;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.testing.DecoderInvariants;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/** Arbitrary and mutated CDP PDUs never make the decoder throw, and the limits hold. */
class CdpProperties {
    private static final CdpConfig SMALL = new CdpConfig(3, 1);

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] pdu, @ForAll boolean cut) {
        check(new CdpDecoder().decode(pdu, cut), CdpConfig.DEFAULT);
        check(new CdpDecoder(SMALL).decode(pdu, cut), SMALL);
    }

    @Property(tries = 3000)
    void mutatedPdusNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random, @ForAll boolean cut) {
        byte[] pdu = DecoderInvariants.mutate(seed, new Random(random));
        check(new CdpDecoder().decode(pdu, cut), CdpConfig.DEFAULT);
        check(new CdpDecoder(SMALL).decode(pdu, cut), SMALL);
    }

    @Property(tries = 500)
    void anyWindowOfABufferNeverThrows(@ForAll @Size(max = 200) byte[] bytes, @ForAll @IntRange(max = 64) int offset,
                                       @ForAll @IntRange(min = -8, max = 300) int length) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + bytes.length]);
        buffer.putBytes(offset, bytes);
        CdpDecoder.matches(buffer, offset, length);
        check(new CdpDecoder().decode(buffer, offset, length, false), CdpConfig.DEFAULT);
    }

    private static void check(CdpMessage m, CdpConfig config) {
        assertThat(m.tlvs).isLessThanOrEqualTo(config.maxTlvs());
        assertThat(m.addresses.size()).isLessThanOrEqualTo(config.maxAddresses());
        assertThat(m.managementAddresses.size()).isLessThanOrEqualTo(config.maxAddresses());
        assertThat(m.events).doesNotHaveDuplicates();
        if (m.events.isEmpty()) {
            assertThat(m.status).isEqualTo(CdpMessage.STATUS_OK);
        }
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(
                CdpDecoderTest.full(),
                pdu(text(0x0001, "R1"), tlv(0x0002, ipv4Addresses(3, "192.0.2.1", "192.0.2.2", "192.0.2.3")),
                        tlv(0x0016, hex("00 00 00 01 02 08 aa aa 03 00 00 00 86 dd 00 10",
                                "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"))));
    }
}
