package dev.vigil.protocol.property;

import java.util.List;
import java.util.Random;

import dev.vigil.protocol.testing.DecoderInvariants;
import dev.vigil.protocol.testing.SeedFrames;
import dev.vigil.protocol.testing.SeedFrames.Seed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * jqwik properties: arbitrary bytes for every link type, and mutated (bit flips, truncations)
 * real and hand-built frames, never make the decoder throw, keep every view offset within the
 * captured packet, and decode alike over heap and direct buffers at any position.
 */
class PacketDecoderProperties {
    private final DecoderInvariants invariants = new DecoderInvariants();

    @Property(tries = 2000)
    void arbitraryBytesForEveryLinkType(@ForAll("linkTypes") int linkType,
                                        @ForAll @Size(max = 160) byte[] frame,
                                        @ForAll @IntRange(max = 1500) int extraOnWire,
                                        @ForAll long seed) {
        invariants.check(frame, linkType, frame.length + (seed % 2 == 0 ? 0 : extraOnWire), seed);
    }

    @Property(tries = 2000)
    void arbitraryBytesBehindARealHeader(@ForAll("seeds") Seed seed,
                                         @ForAll @IntRange(max = 80) int keep,
                                         @ForAll @Size(max = 120) byte[] tail,
                                         @ForAll long random) {
        byte[] f = seed.frame();
        int k = Math.min(keep, f.length);
        byte[] frame = new byte[k + tail.length];
        System.arraycopy(f, 0, frame, 0, k);
        System.arraycopy(tail, 0, frame, k, tail.length);
        invariants.check(frame, seed.linkType(), frame.length, random);
    }

    @Property(tries = 3000)
    void mutatedFramesOfEveryKind(@ForAll("seeds") Seed seed, @ForAll long random, @ForAll boolean snaplen) {
        Random r = new Random(random);
        byte[] frame = DecoderInvariants.mutate(seed.frame(), r);
        int original = snaplen ? Math.max(frame.length, seed.frame().length) : frame.length;
        invariants.check(frame, seed.linkType(), original, random);
    }

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(DecoderInvariants.LINK_TYPES[0], DecoderInvariants.LINK_TYPES[1],
                DecoderInvariants.LINK_TYPES[2], DecoderInvariants.LINK_TYPES[3], DecoderInvariants.LINK_TYPES[4],
                DecoderInvariants.LINK_TYPES[5], DecoderInvariants.LINK_TYPES[6], DecoderInvariants.LINK_TYPES[7],
                DecoderInvariants.LINK_TYPES[8], DecoderInvariants.LINK_TYPES[9], DecoderInvariants.LINK_TYPES[10]);
    }

    @Provide
    Arbitrary<Seed> seeds() {
        List<Seed> corpus = SeedFrames.corpus();
        // hand-built frames reach every tunnel; corpus frames are the real world
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.of(SeedFrames.handBuilt())),
                net.jqwik.api.Tuple.of(corpus.isEmpty() ? 0 : 1, corpus.isEmpty() ? Arbitraries.of(SeedFrames.handBuilt())
                        : Arbitraries.of(corpus)));
    }
}
