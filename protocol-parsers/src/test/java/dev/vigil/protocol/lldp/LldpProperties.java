package dev.vigil.protocol.lldp;

import static dev.vigil.protocol.lldp.LldpFrames.ascii;
import static dev.vigil.protocol.lldp.LldpFrames.managementIpv4;
import static dev.vigil.protocol.lldp.LldpFrames.mandatory;
import static dev.vigil.protocol.lldp.LldpFrames.systemName;
import static dev.vigil.protocol.lldp.LldpFrames.tlv;
import static dev.vigil.protocol.lldp.LldpFrames.vlanName;
import static dev.vigil.protocol.lldp.LldpFrames.voicePolicy;
import static dev.vigil.protocol.testing.Hex.concat;
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

/**
 * Arbitrary and mutated LLDPDUs never make the decoder throw, the limits hold, and a message
 * always carries a status consistent with its events.
 */
class LldpProperties {
    private static final LldpConfig SMALL = new LldpConfig(6, 1, 1, 1);

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] pdu, @ForAll boolean cut) {
        check(new LldpDecoder().decode(pdu, cut), LldpConfig.DEFAULT);
        check(new LldpDecoder(SMALL).decode(pdu, cut), SMALL);
    }

    @Property(tries = 3000)
    void mutatedFramesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random, @ForAll boolean cut) {
        byte[] pdu = DecoderInvariants.mutate(seed, new Random(random));
        check(new LldpDecoder().decode(pdu, cut), LldpConfig.DEFAULT);
        check(new LldpDecoder(SMALL).decode(pdu, cut), SMALL);
    }

    @Property(tries = 500)
    void anyWindowOfABufferNeverThrows(@ForAll("seeds") byte[] seed, @ForAll @IntRange(max = 64) int offset,
                                       @ForAll @IntRange(min = -8, max = 700) int length) {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[offset + seed.length]);
        buffer.putBytes(offset, seed);
        check(new LldpDecoder().decode(buffer, offset, length, false), LldpConfig.DEFAULT);
    }

    private static void check(LldpMessage m, LldpConfig config) {
        assertThat(m.tlvs).isLessThanOrEqualTo(config.maxTlvs());
        assertThat(m.managementAddresses.size()).isLessThanOrEqualTo(config.maxManagementAddresses());
        assertThat(m.vlanNames.size()).isLessThanOrEqualTo(config.maxVlanNames());
        assertThat(m.networkPolicies.size()).isLessThanOrEqualTo(config.maxNetworkPolicies());
        assertThat(m.events).doesNotHaveDuplicates();
        if (m.events.isEmpty()) {
            assertThat(m.status).isEqualTo(LldpMessage.STATUS_OK);
        }
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(
                concat(mandatory(), systemName("intercom"), managementIpv4(), managementIpv4(), vlanName(10, "v"),
                        vlanName(11, "w"), voicePolicy(), voicePolicy(), hex("00 00")),
                concat(mandatory(), tlv(6, ascii("description")), tlv(7, hex("00 24 00 20")),
                        tlv(127, concat(hex("00 12 bb 0a"), ascii("model"))), hex("00 00")),
                concat(tlv(1, hex("05 02 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01")), mandatory(),
                        hex("00 00")));
    }
}
