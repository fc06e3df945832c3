package dev.vigil.sensor.output.spool;

/**
 * One record read from a {@link DiskSpool}: its bytes (owned by the caller, never reused) and
 * where it ends, which is what {@link DiskSpool#ack(SpoolRecord)} persists.
 *
 * @param data     the record as appended
 * @param end      spool position just after this record
 * @param sequence count of records read since the spool was opened (or last rewound), this one included
 */
public record SpoolRecord(byte[] data, long end, long sequence) {
}
