package dev.vigil.sensor.asset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.sensor.config.StateDirectory;
import dev.vigil.sensor.event.TextFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the inventory across restarts: {@value #FILE_NAME} in the state directory
 * ({@link StateDirectory}), a JSON object {@code {"format": "vigil-inventory", "version": 1,
 * "saved_at": ..., "assets": [ <the asset object of the vigil.asset document>, ... ]}}.
 *
 * <p>Saving is atomic: a temporary file in the same directory, written, forced to disk
 * ({@code fsync}), renamed over the old file, then the directory forced, so a crash leaves
 * either the old or the new file, never half of one. The owner saves periodically
 * ({@link #saveIfDue}) and at shutdown ({@link #save}); neither throws: a failure is logged
 * and counted, and the inventory stays in memory for the next attempt.
 *
 * <p>Loading never stops the daemon either. A file that is not the store (not JSON, another
 * format, too large) is reported with its name, copied aside as {@code inventory.json.bad}
 * (the next save would overwrite the original) and the inventory starts empty. Entries that
 * cannot be assets are skipped, counted and reported the same way, with the rest loaded.
 */
public final class InventoryStore {
    public static final String FILE_NAME = "inventory.json";
    public static final String BAD_SUFFIX = ".bad";
    public static final String FORMAT = "vigil-inventory";
    public static final int VERSION = 1;
    public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofMinutes(1);
    /** A store larger than this is refused (10 000 assets take about 30 MB). */
    public static final long MAX_FILE_BYTES = 256L << 20;
    /** Bad entries named in the report; the rest are only counted. */
    static final int MAX_REPORTED_ENTRIES = 3;

    private static final Logger LOG = LoggerFactory.getLogger(InventoryStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final Path file;
    private final long intervalMillis;
    private long savedGeneration = Long.MIN_VALUE;
    private long lastSaveMillis = Long.MIN_VALUE;
    private long saves;
    private long saveFailures;

    /** What {@link #load} found. */
    public record LoadResult(int loaded, int skipped, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The store is not usable (reading commands report this; the daemon starts empty instead). */
    public static final class StoreException extends Exception {
        StoreException(String message) {
            super(message);
        }
    }

    /** The store in {@code stateDir}, saved at most every {@code interval}. */
    public InventoryStore(Path stateDir, Duration interval) {
        this.file = stateDir.resolve(FILE_NAME);
        this.intervalMillis = interval.toMillis();
    }

    public InventoryStore(Path stateDir) {
        this(stateDir, DEFAULT_SAVE_INTERVAL);
    }

    /** The store in {@code $VIGIL_STATE_DIR} (or its default). */
    public static InventoryStore inStateDirectory() {
        return new InventoryStore(StateDirectory.resolve());
    }

    public Path file() {
        return file;
    }

    public Path badCopy() {
        return file.resolveSibling(file.getFileName() + BAD_SUFFIX);
    }

    public long saves() {
        return saves;
    }

    public long saveFailures() {
        return saveFailures;
    }

    // ================================================================== load

    /** Restores the stored assets into {@code into}. Never throws. */
    public LoadResult load(AssetInventory into) {
        JsonNode assets;
        try {
            assets = readAssetsArray(file);
        } catch (NoSuchFileException e) {
            return new LoadResult(0, 0, null);
        } catch (StoreException e) {
            String msg = e.getMessage() + "; " + keepBadCopy() + ", starting with an empty inventory";
            LOG.error(msg);
            return new LoadResult(0, 0, msg);
        }
        int loaded = 0;
        int skipped = 0;
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < assets.size(); i++) {
            try {
                if (into.restore(AssetJson.read(assets.get(i), into.config()))) {
                    loaded++;
                } else {
                    skipped++;
                    if (reasons.size() < MAX_REPORTED_ENTRIES) {
                        reasons.add("assets[" + i + "]: duplicate MAC or inventory full");
                    }
                }
            } catch (AssetJson.BadEntry e) {
                skipped++;
                if (reasons.size() < MAX_REPORTED_ENTRIES) {
                    reasons.add("assets[" + i + "]: " + e.getMessage());
                }
            }
        }
        savedGeneration = into.generation();
        if (skipped > 0) {
            String msg = "inventory store " + file + ": " + skipped + " of " + assets.size()
                    + " entries skipped (" + String.join("; ", reasons) + "); " + keepBadCopy();
            LOG.warn(msg);
            return new LoadResult(loaded, skipped, msg);
        }
        return new LoadResult(loaded, 0, null);
    }

    /**
     * Reads the stored assets for a command that only looks (export, show): no copy aside, the
     * problem is thrown with the file's name. Entries that cannot be assets are skipped.
     *
     * @throws NoSuchFileException when there is no store yet
     */
    public static List<Asset> read(Path file, AssetConfig config) throws StoreException, NoSuchFileException {
        JsonNode assets = readAssetsArray(file);
        List<Asset> out = new ArrayList<>();
        for (JsonNode n : assets) {
            try {
                out.add(AssetJson.read(n, config));
            } catch (AssetJson.BadEntry e) {
                // counted by the daemon's load; a listing shows what can be shown
            }
        }
        return out;
    }

    private static JsonNode readAssetsArray(Path file) throws StoreException, NoSuchFileException {
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new StoreException("inventory store " + file + " is " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " a store can be");
            }
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new StoreException("inventory store " + file + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new StoreException("inventory store " + file + " cannot be read: " + e);
        }
        if (root == null || !root.isObject()) {
            throw new StoreException("inventory store " + file + " is empty or not a JSON object");
        }
        if (!FORMAT.equals(AssetInventory.text(root.get("format")))) {
            throw new StoreException("inventory store " + file + " is not a vigil inventory (\"format\" is not \""
                    + FORMAT + "\")");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != VERSION) {
            throw new StoreException("inventory store " + file + " has version " + version + "; this sensor reads "
                    + VERSION);
        }
        JsonNode assets = root.get("assets");
        if (assets == null || !assets.isArray()) {
            throw new StoreException("inventory store " + file + " has no \"assets\" array");
        }
        return assets;
    }

    private String keepBadCopy() {
        Path bad = badCopy();
        try {
            Files.copy(file, bad, StandardCopyOption.REPLACE_EXISTING);
            return "the file is kept as " + bad;
        } catch (IOException e) {
            return "it could not be copied to " + bad + " (" + e + ")";
        }
    }

    // ================================================================== save

    /** Saves when the inventory changed and the interval has passed since the last save. Never throws. */
    public boolean saveIfDue(AssetInventory inventory, long nowMillis) {
        if (inventory.generation() == savedGeneration) {
            return false;
        }
        if (lastSaveMillis != Long.MIN_VALUE && nowMillis - lastSaveMillis < intervalMillis) {
            return false;
        }
        lastSaveMillis = nowMillis;
        return save(inventory);
    }

    /** Saves now (at shutdown). Never throws: returns false after logging the failure. */
    public boolean save(AssetInventory inventory) {
        long generation = inventory.generation();
        try {
            write(inventory.assets());
            savedGeneration = generation;
            saves++;
            return true;
        } catch (IOException | RuntimeException e) {
            saveFailures++;
            LOG.warn("inventory store {} not saved ({} failures so far): {}", file, saveFailures, e.toString());
            return false;
        }
    }

    private void write(Iterable<Asset> assets) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp"); // owner-only on POSIX
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream os = Channels.newOutputStream(ch);
                 JsonGenerator g = FACTORY.createGenerator(os)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeNumberField("version", VERSION);
                g.writeStringField("saved_at", TextFormat.timestampString(System.currentTimeMillis() * 1_000_000L));
                g.writeArrayFieldStart("assets");
                for (Asset a : assets) {
                    g.writeStartObject();
                    AssetJson.writeFields(g, a, true);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself is durable only once the directory is
        } catch (IOException e) {
            // not every platform can open a directory; the file's own fsync is done
        }
    }
}
