/**
 * The intercom discovery protocol (UDP 5002), whose payload format is not public:
 * {@link dev.vigil.protocol.discovery.DiscoveryDecoder} treats each datagram as opaque and
 * reports its printable strings; a real format definition belongs here once one is known.
 */
package dev.vigil.protocol.discovery;
