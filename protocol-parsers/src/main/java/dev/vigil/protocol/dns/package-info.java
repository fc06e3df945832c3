/**
 * DNS and mDNS messages (RFC 1035, RFC 6762): {@link dev.vigil.protocol.dns.DnsDecoder} walks a
 * message with bounded name decompression, {@link dev.vigil.protocol.dns.DnsFlyweight} reads its
 * header, {@link dev.vigil.protocol.dns.DnsTcpFramer} splits DNS over TCP into messages.
 */
package dev.vigil.protocol.dns;
