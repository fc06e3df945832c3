package dev.vigil.sensor.app.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The SDP-to-RTP contract object: lookups, and attacker-shaped input that must not throw. */
class MediaAnnouncementTest {

    @Test
    void looksUpRtpmapByPayloadType() {
        MediaAnnouncement a = new MediaAnnouncement("c1", false, null, new int[] {0, 111, 101},
                new String[] {null, "opus", "telephone-event"}, new int[] {0, 48000, 8000});
        assertThat(a.crypto).isEqualTo(MediaAnnouncement.CRYPTO_NONE);
        assertThat(a.indexOf(111)).isEqualTo(1);
        assertThat(a.codecName(111)).isEqualTo("opus");
        assertThat(a.clockRate(111)).isEqualTo(48000);
        assertThat(a.codecName(0)).isNull();
        assertThat(a.clockRate(8)).isZero();
        assertThat(a.indexOf(8)).isEqualTo(-1);
        assertThat(a.toString()).contains("c1", "opus");
    }

    @Test
    void mismatchedOrMissingArraysNeverThrow() {
        MediaAnnouncement a = new MediaAnnouncement(null, true, null, new int[] {96, 97, 98},
                new String[] {"H264"}, new int[] {90000, 8000});
        assertThat(a.payloadTypes).containsExactly(96);
        assertThat(a.crypto).isEqualTo(MediaAnnouncement.CRYPTO_SDES);
        MediaAnnouncement b = new MediaAnnouncement("c", false, "dtls", new int[] {0, 8}, null, null);
        assertThat(b.payloadTypes).containsExactly(0, 8);
        assertThat(b.codecName(8)).isNull();
        assertThat(b.clockRate(8)).isZero();
        MediaAnnouncement c = new MediaAnnouncement("c", false, "none", null, null, null);
        assertThat(c.payloadTypes).isEmpty();
        assertThat(c.indexOf(0)).isEqualTo(-1);
    }

    @Test
    void arraysAreCopies() {
        int[] pts = {0};
        MediaAnnouncement a = new MediaAnnouncement("c", false, "none", pts, new String[] {"PCMU"}, new int[] {8000});
        pts[0] = 8;
        assertThat(a.payloadTypes).containsExactly(0);
    }
}
