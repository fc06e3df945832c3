package dev.vigil.sensor.output;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one JSON document per line to a file or standard output. A file is written under a
 * temporary name and moved into place on close, so a reader never sees half a file.
 */
public final class NdjsonOutput implements OutputAgent {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    /** True when writing to a stream that is flushed, not moved into place (stdout, a device, a pipe). */
    private final boolean stdout;
    private long delivered;

    private NdjsonOutput(Path target, Path temp, OutputStream out, boolean stdout) {
        this.target = target;
        this.temp = temp;
        this.out = out;
        this.stdout = stdout;
    }

    /**
     * NDJSON into a file ({@code -} means standard output). A regular file is written under a
     * temporary name and moved into place on close; a device or pipe is written directly.
     */
    public static NdjsonOutput open(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return new NdjsonOutput(null, null, new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16), true);
        }
        Path target = Path.of(pathOrDash).toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            // a device or pipe (/dev/null, a FIFO): write to it directly
            return new NdjsonOutput(null, null, new BufferedOutputStream(Files.newOutputStream(target), 1 << 16), true);
        }
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        return new NdjsonOutput(target, temp, new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16), false);
    }

    @Override
    public String name() {
        return "ndjson";
    }

    @Override
    public void onRecord(EventRecord record, boolean endOfBatch) throws IOException {
        out.write(record.json(), 0, record.length());
        out.write('\n');
        delivered++;
        if (endOfBatch && stdout) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        out.flush();
        if (!stdout) {
            out.close();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public long delivered() {
        return delivered;
    }

    @Override
    public long failed() {
        return 0;
    }

    /** The file written, or null for standard output. */
    public Path target() {
        return target;
    }
}
