/**
 * Syslog: {@link dev.vigil.protocol.syslog.SyslogParser} reads one RFC 5424 or RFC 3164 message
 * into a {@link dev.vigil.protocol.syslog.SyslogView};
 * {@link dev.vigil.protocol.syslog.SyslogStreamFramer} cuts a TCP stream into messages
 * (RFC 6587 octet counting and non-transparent framing).
 */
package dev.vigil.protocol.syslog;
