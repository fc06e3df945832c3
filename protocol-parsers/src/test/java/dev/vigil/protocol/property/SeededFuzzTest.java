package dev.vigil.protocol.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

import dev.vigil.protocol.testing.DecoderInvariants;
import dev.vigil.protocol.testing.SeedFrames;
import dev.vigil.protocol.testing.SeedFrames.Seed;
import org.junit.jupiter.api.Test;

/**
 * The property invariants driven by a fixed-seed loop in plain JUnit, so they are checked (and
 * reproducible) independently of the property-testing engine.
 */
class SeededFuzzTest {
    private static final int ITERATIONS = 40_000;

    @Test
    void mutatedSeedsAndRandomBytes() {
        DecoderInvariants invariants = new DecoderInvariants();
        List<Seed> seeds = SeedFrames.all();
        Random r = new Random(0x5EED_CAFEL);
        int checked = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = r.nextLong();
            if ((i & 3) == 0) {
                byte[] frame = new byte[r.nextInt(200)];
                r.nextBytes(frame);
                int link = DecoderInvariants.LINK_TYPES[r.nextInt(DecoderInvariants.LINK_TYPES.length)];
                invariants.check(frame, link, frame.length + (r.nextBoolean() ? 0 : r.nextInt(1500)), seed);
            } else {
                Seed s = seeds.get(r.nextInt(seeds.size()));
                byte[] frame = DecoderInvariants.mutate(s.frame(), r);
                invariants.check(frame, s.linkType(), r.nextBoolean() ? frame.length : s.frame().length, seed);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(ITERATIONS);
    }
}
