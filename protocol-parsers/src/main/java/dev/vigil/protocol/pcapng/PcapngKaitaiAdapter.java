package dev.vigil.protocol.pcapng;

import dev.vigil.protocol.kaitai.PcapngHeaderBlock;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStream;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses the body of a pcapng Section Header Block or Interface Description Block through the
 * Kaitai-generated {@link PcapngHeaderBlock} ({@code src/main/kaitai/pcapng_header_block.ksy})
 * and returns a {@link PcapngHeaderView}. The only class that touches that generated code.
 *
 * <p>Format: draft-ietf-opsawg-pcapng, https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html
 * <pre>
 * Block:  | block type (4) | block total length (4) | body ... | block total length (4) |
 *
 * SHB body (section 4.1)                   IDB body (section 4.2)
 *  0 | byte-order magic 0x1A2B3C4D |        0 | link type (2) | reserved (2) |
 *  4 | major (2)   | minor (2)     |        4 | snap len (4)                 |
 *  8 | section length (8, signed)  |        8 | options ...                  |
 * 16 | options ...                 |
 *
 * option: | code (2) | length (2) | value, padded to 32 bits |   code 0 = opt_endofopt
 * </pre>
 * IDB options used: {@code if_name} (2, UTF-8), {@code if_tsresol} (9, one byte),
 * {@code if_tsoffset} (14, signed 64-bit seconds). Unknown options are skipped.
 *
 * <p>Header blocks are rare (a few per file), so this path may allocate; the packet blocks are
 * read by hand. Every failure of the generated parser (EOF inside a field or an option,
 * wrong byte-order magic, any other Kaitai error) becomes a {@link PcapngFormatException}.
 */
public final class PcapngKaitaiAdapter {
    /** IDB option codes (draft-ietf-opsawg-pcapng section 4.2). */
    static final int OPT_ENDOFOPT = 0;
    static final int IF_NAME = 2;
    static final int IF_TSRESOL = 9;
    static final int IF_TSOFFSET = 14;

    private static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;

    private PcapngKaitaiAdapter() {
    }

    /**
     * Parses a block body (the bytes after block type and total length, before the trailing
     * total length).
     *
     * @param body       the block body; not modified, not retained
     * @param blockType  {@link PcapngHeaderView#TYPE_SHB} or {@link PcapngHeaderView#TYPE_IDB}
     * @param bigEndian  the section's byte order (for an SHB: the order its magic was read in)
     * @throws PcapngFormatException when the body is malformed, or the block type is neither
     */
    public static PcapngHeaderView parse(byte[] body, long blockType, boolean bigEndian)
            throws PcapngFormatException {
        String name = blockName(blockType);
        if (name == null) {
            throw new PcapngFormatException("block type 0x" + Long.toHexString(blockType)
                    + " is neither a section header nor an interface description");
        }
        if (body == null) {
            throw new PcapngFormatException(name + ": no body");
        }
        PcapngHeaderBlock block;
        try {
            block = new PcapngHeaderBlock(new ByteBufferKaitaiStream(body), blockType, bigEndian);
        } catch (KaitaiStream.ValidationNotEqualError e) {
            throw new PcapngFormatException(name + ": byte-order magic is not 0x1a2b3c4d in the "
                    + (bigEndian ? "big" : "little") + "-endian section", e);
        } catch (BufferUnderflowException e) {
            throw new PcapngFormatException(name + ": body of " + body.length
                    + " bytes ends inside a field or option", e);
        } catch (RuntimeException e) {
            // KaitaiStructError and anything else the runtime throws on hostile input
            throw new PcapngFormatException(name + ": malformed body (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return blockType == PcapngHeaderView.TYPE_SHB ? section(block.shb()) : iface(block.idb(), bigEndian);
    }

    private static PcapngHeaderView section(PcapngHeaderBlock.ShbBody shb) throws PcapngFormatException {
        if (shb == null) {
            throw new PcapngFormatException("SHB: body missing");
        }
        if (shb.byteOrderMagic() != BYTE_ORDER_MAGIC) {
            throw new PcapngFormatException("SHB: byte-order magic is not 0x1a2b3c4d");
        }
        return new PcapngHeaderView(PcapngHeaderView.TYPE_SHB, shb.majorVersion(), shb.minorVersion(),
                shb.sectionLength(), 0, 0, PcapngHeaderView.DEFAULT_TSRESOL, 0, null);
    }

    private static PcapngHeaderView iface(PcapngHeaderBlock.IdbBody idb, boolean bigEndian)
            throws PcapngFormatException {
        if (idb == null) {
            throw new PcapngFormatException("IDB: body missing");
        }
        int tsresol = PcapngHeaderView.DEFAULT_TSRESOL;
        long tsoffset = 0;
        String name = null;
        List<PcapngHeaderBlock.Option> options = idb.options();
        if (options != null) {
            for (PcapngHeaderBlock.Option option : options) {
                byte[] value = option.value();
                switch (option.code()) {
                    case OPT_ENDOFOPT:
                        break;
                    case IF_NAME:
                        name = new String(value, StandardCharsets.UTF_8);
                        int nul = name.indexOf('\0');
                        if (nul >= 0) {
                            name = name.substring(0, nul);
                        }
                        break;
                    case IF_TSRESOL:
                        if (value.length != 1) {
                            throw new PcapngFormatException("IDB: if_tsresol option has " + value.length
                                    + " bytes, expected 1");
                        }
                        tsresol = value[0] & 0xFF;
                        break;
                    case IF_TSOFFSET:
                        if (value.length != 8) {
                            throw new PcapngFormatException("IDB: if_tsoffset option has " + value.length
                                    + " bytes, expected 8");
                        }
                        tsoffset = int64(value, bigEndian);
                        break;
                    default:
                        break;
                }
            }
        }
        return new PcapngHeaderView(PcapngHeaderView.TYPE_IDB, 0, 0, 0, idb.linkType(), idb.snapLen(),
                tsresol, tsoffset, name);
    }

    private static long int64(byte[] b, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = bigEndian ? (7 - i) * 8 : i * 8;
            v |= (b[i] & 0xFFL) << shift;
        }
        return v;
    }

    private static String blockName(long blockType) {
        if (blockType == PcapngHeaderView.TYPE_SHB) {
            return "SHB";
        }
        if (blockType == PcapngHeaderView.TYPE_IDB) {
            return "IDB";
        }
        return null;
    }
}
