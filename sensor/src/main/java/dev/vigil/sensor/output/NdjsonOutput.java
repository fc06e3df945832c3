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
    /** True for a stream flushed per batch, never moved into place (stdout, a device, a pipe, an appended file). */
    private final boolean stdout;
    /** The file appended to by a daemon (closed at the end, never moved), or null. */
    private final Path appended;
    private long delivered;

    private NdjsonOutput(Path target, Path temp, OutputStream out, boolean stdout) {
        this(target, temp, out, stdout, null);
    }

    private NdjsonOutput(Path target, Path temp, OutputStream out, boolean stdout, Path appended) {
        this.target = target;
        this.temp = temp;
        this.out = out;
        this.stdout = stdout;
        this.appended = appended;
    }

    /**
     * NDJSON appended to a file that readers follow while the sensor runs ({@code vigil run}):
     * each batch is flushed when the ring has nothing more waiting, and nothing is moved on close.
     * Opened with {@code O_APPEND}, so logrotate's {@code copytruncate} works. {@code -} means
     * standard output.
     */
    public static NdjsonOutput append(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return open(pathOrDash);
        }
        Path target = Path.of(pathOrDash).toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        OutputStream os = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND, java.nio.file.StandardOpenOption.WRITE);
        return new NdjsonOutput(target, null, new BufferedOutputStream(os, 1 << 16), true, target);
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
        if (appended != null) {
            out.close();
        } else if (!stdout) {
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
