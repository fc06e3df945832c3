/**
 * Bounded reassembly below the application decoders: {@link dev.vigil.protocol.reassembly.IpDefragmenter}
 * (IPv4 RFC 791, IPv6 RFC 8200 §4.5 / RFC 5722 / RFC 6946) and
 * {@link dev.vigil.protocol.reassembly.TcpReassembler} (one TCP direction, in order, first-wins).
 *
 * <p>Both are single-threaded, preallocate or grow once to configured limits
 * ({@link dev.vigil.protocol.reassembly.DefragConfig},
 * {@link dev.vigil.protocol.reassembly.TcpReassemblyConfig}) and allocate nothing per packet
 * after warm-up. Every limit has an overflow decode event; malformed input is counted and
 * reported, never thrown.
 */
package dev.vigil.protocol.reassembly;
