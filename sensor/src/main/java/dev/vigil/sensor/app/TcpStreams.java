package dev.vigil.sensor.app;

import dev.vigil.protocol.reassembly.TcpReassemblyConfig;

/** TCP reassembly settings shared by the apps (each app still has its own segment pool). */
public final class TcpStreams {
    /** Message streams (HTTP, TLS hellos, SIP, syslog): 4 KiB pages, 64 KiB out of order, 16 MiB pool. */
    public static final TcpReassemblyConfig DEFAULT_REASSEMBLY = TcpReassemblyConfig.builder()
            .pageSize(4096)
            .maxBufferedBytes(64 * 1024)
            .maxBufferedRanges(32)
            .poolBytes(16 * 1024 * 1024)
            .build();

    /** A banner or identification line at the start of a stream (SSH, Telnet): small and few pages. */
    public static final TcpReassemblyConfig BANNER_REASSEMBLY = TcpReassemblyConfig.builder()
            .pageSize(1024)
            .maxBufferedBytes(8 * 1024)
            .maxBufferedRanges(8)
            .poolBytes(4 * 1024 * 1024)
            .build();

    private TcpStreams() {
    }
}
