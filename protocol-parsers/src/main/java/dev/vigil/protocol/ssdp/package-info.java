/**
 * SSDP (UPnP device discovery over UDP 1900): {@link dev.vigil.protocol.ssdp.SsdpParser} finds the
 * start line and the SSDP headers of one HTTPU datagram.
 */
package dev.vigil.protocol.ssdp;
