package dev.vigil.sensor.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.testing.Analyze;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** IP-MAC conflicts in ARP: an address announced by a second MAC is flagged with the first one. */
class ArpConflictTest {
    @TempDir
    Path tmp;

    /** An ARP reply (RFC 826) over Ethernet: sender MAC/IP, to 00:13:cb:00:00:0a / 10.20.0.10. */
    private static byte[] reply(long senderMac, int senderIp) {
        ByteBuffer b = ByteBuffer.allocate(42);
        putMac(b, 0x0013CB00000AL);          // Ethernet destination
        putMac(b, senderMac);                // Ethernet source
        b.putShort((short) 0x0806);          // EtherType ARP
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4);  // Ethernet/IPv4
        b.putShort((short) 2);               // opcode: reply
        putMac(b, senderMac);
        b.putInt(senderIp);
        putMac(b, 0x0013CB00000AL);
        b.putInt(0x0A14000A);
        return b.array();
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int s = 40; s >= 0; s -= 8) {
            b.put((byte) (mac >>> s));
        }
    }

    private static Path pcap(Path file, List<byte[]> frames) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
        int t = 1_700_000_000;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(t++).putInt(0).putInt(f.length).putInt(f.length);
            out.write(r.array());
            out.write(f);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void aSecondMacForTheSameAddressIsAConflict() throws Exception {
        int ip = 0x0A140065; // 10.20.0.101
        Path f = pcap(tmp.resolve("arp.pcap"), List.of(
                reply(0x0013CB140101L, ip),     // the station
                reply(0x0013CB140101L, ip),     // again: no conflict
                reply(0x02AABBCCDDEEL, ip),     // someone else claims 10.20.0.101
                reply(0x0013CB140102L, 0)));    // a probe from 0.0.0.0 is never a conflict
        List<JsonNode> arp = Analyze.files(f).output().dataset("vigil.arp");
        assertThat(arp).hasSize(4);
        assertThat(arp.get(0).path("arp").has("conflict")).isFalse();
        assertThat(arp.get(1).path("arp").has("conflict")).isFalse();
        assertThat(arp.get(2).path("arp").path("conflict").asBoolean()).isTrue();
        assertThat(arp.get(2).path("arp").path("previous_mac").asText()).isEqualTo("00-13-CB-14-01-01");
        assertThat(arp.get(3).path("arp").has("conflict")).isFalse();
    }
}
