/**
 * DIP ("Display-data over IP"), the text control protocol between intercom stations and their
 * server: {@link dev.vigil.protocol.dip.DipParser} tokenizes one message into a
 * {@link dev.vigil.protocol.dip.DipView}; {@link dev.vigil.protocol.dip.DipStreamFramer} cuts a
 * TCP stream or a UDP datagram into messages. The wire format is known only from the team's
 * vendor facts ({@code shared/protocols/zenitel-facts.md}); nothing beyond them is assumed
 * except the TCP framing rule documented (as an assumption) on the framer.
 */
package dev.vigil.protocol.dip;
