package dev.vigil.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only reader of pcap and pcapng files (the format from the magic number, not the file
 * name): every packet record with its link type, captured and original lengths. Reads the whole
 * file into memory; good for the small corpus captures, not for production.
 *
 * <p>pcap: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html; pcapng:
 * https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html (SHB, IDB, EPB, SPB and the
 * obsolete Packet Block; other blocks are skipped).
 */
public final class PcapRecords {
    /** One packet: {@code data[offset, offset + capturedLength)} of the file's bytes. */
    public record Packet(int frame, int linkType, byte[] data, int offset, int capturedLength, int originalLength) {
        public byte[] copy() {
            byte[] b = new byte[capturedLength];
            System.arraycopy(data, offset, b, 0, capturedLength);
            return b;
        }
    }

    private PcapRecords() {
    }

    public static List<Packet> read(Path file) {
        try {
            return read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Packet> read(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0x0A0D0D0A) {
            return readPcapng(bytes);
        }
        return readPcap(bytes);
    }

    private static List<Packet> readPcap(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
                throw new IllegalArgumentException("not a pcap file");
            }
        }
        int linkType = b.getInt(20) & 0x0FFFFFFF;
        List<Packet> out = new ArrayList<>();
        int pos = 24;
        int frame = 0;
        while (pos + 16 <= bytes.length) {
            int incl = b.getInt(pos + 8);
            int orig = b.getInt(pos + 12);
            if (incl < 0 || pos + 16 + incl > bytes.length) {
                break;
            }
            out.add(new Packet(++frame, linkType, bytes, pos + 16, incl, orig));
            pos += 16 + incl;
        }
        return out;
    }

    private static List<Packet> readPcapng(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Packet> out = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        int pos = 0;
        int frame = 0;
        ByteOrder sectionOrder = ByteOrder.LITTLE_ENDIAN;
        while (pos + 12 <= bytes.length) {
            // The SHB type reads the same in both orders; its byte-order magic sets the section's order.
            if (b.order(ByteOrder.BIG_ENDIAN).getInt(pos) == 0x0A0D0D0A) {
                int bom = b.getInt(pos + 8);
                b.order(bom == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                linkTypes.clear();
            } else {
                b.order(sectionOrder);
            }
            sectionOrder = b.order();
            int type = b.getInt(pos);
            int length = b.getInt(pos + 4);
            if (length < 12 || pos + length > bytes.length) {
                break;
            }
            switch (type) {
                case 0x00000001: // Interface Description Block
                    linkTypes.add(b.getShort(pos + 8) & 0xFFFF);
                    break;
                case 0x00000006: { // Enhanced Packet Block
                    int iface = b.getInt(pos + 8);
                    int cap = b.getInt(pos + 20);
                    int orig = b.getInt(pos + 24);
                    out.add(new Packet(++frame, linkTypes.get(iface), bytes, pos + 28, cap, orig));
                    break;
                }
                case 0x00000003: { // Simple Packet Block: interface 0, captured = min(orig, block room)
                    int orig = b.getInt(pos + 8);
                    int cap = Math.min(orig, length - 16);
                    out.add(new Packet(++frame, linkTypes.get(0), bytes, pos + 12, cap, orig));
                    break;
                }
                case 0x00000002: { // obsolete Packet Block
                    int iface = b.getShort(pos + 8) & 0xFFFF;
                    int cap = b.getInt(pos + 20);
                    int orig = b.getInt(pos + 24);
                    out.add(new Packet(++frame, linkTypes.get(iface), bytes, pos + 28, cap, orig));
                    break;
                }
                default:
                    break;
            }
            pos += length;
        }
        return out;
    }
}
