package dev.vigil.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named decode anomaly ("weird" in Zeek's words, a decode event in Suricata's): a stable,
 * dotted key such as {@code ipv4.truncated} whose first segment is the protocol's one name.
 *
 * <p>Each decoder declares its types once, as {@code static final} constants, through
 * {@link #register}. The small dense {@link #id()} lets the pipeline count events in a plain
 * {@code long[]} without allocating; the key is what leaves the process (event
 * {@code vigil.decode}, metric tag {@code event=...}).
 */
public final class DecodeEventType {
    private static final Map<String, DecodeEventType> BY_KEY = new ConcurrentHashMap<>();
    private static final List<DecodeEventType> BY_ID = new ArrayList<>();

    /** Truncated: the packet ended before the layer did (capture snaplen or a cut frame). */
    public static final int KIND_TRUNCATED = 1;
    /** Malformed: the bytes contradict the protocol (bad length, bad version, ...). */
    public static final int KIND_MALFORMED = 2;
    /** A configured limit was reached (caps, depth, table sizes). */
    public static final int KIND_OVERFLOW = 3;
    /** Valid but not decoded further (unknown link type, unsupported option). */
    public static final int KIND_UNSUPPORTED = 4;

    private final int id;
    private final String key;
    private final String description;
    private final int kind;

    private DecodeEventType(int id, String key, String description, int kind) {
        this.id = id;
        this.key = key;
        this.description = description;
        this.kind = kind;
    }

    /**
     * Registers (or returns the already registered) event type for a key.
     *
     * @param key         stable dotted key, lower case, {@code <protocol>.<what>}
     * @param description one sentence for analysts and {@code --help}
     * @param kind        one of the {@code KIND_*} constants
     */
    public static synchronized DecodeEventType register(String key, String description, int kind) {
        if (!key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)+")) {
            throw new IllegalArgumentException("decode event key must be <protocol>.<what>: " + key);
        }
        DecodeEventType existing = BY_KEY.get(key);
        if (existing != null) {
            return existing;
        }
        DecodeEventType t = new DecodeEventType(BY_ID.size(), key, description, kind);
        BY_ID.add(t);
        BY_KEY.put(key, t);
        return t;
    }

    /** The type with this id; ids are dense, from 0 to {@link #count()} - 1. */
    public static synchronized DecodeEventType byId(int id) {
        return BY_ID.get(id);
    }

    /** The registered type with this key, or null. */
    public static DecodeEventType byKey(String key) {
        return BY_KEY.get(key);
    }

    /** Number of types registered so far (size a counter array with a margin, or grow it). */
    public static synchronized int count() {
        return BY_ID.size();
    }

    /** A snapshot of every registered type, in id order. */
    public static synchronized List<DecodeEventType> all() {
        return List.copyOf(BY_ID);
    }

    public int id() {
        return id;
    }

    public String key() {
        return key;
    }

    /** The protocol name: the key's first segment. */
    public String protocol() {
        return key.substring(0, key.indexOf('.'));
    }

    public String description() {
        return description;
    }

    public int kind() {
        return kind;
    }

    public String kindName() {
        switch (kind) {
            case KIND_TRUNCATED: return "truncated";
            case KIND_MALFORMED: return "malformed";
            case KIND_OVERFLOW: return "overflow";
            default: return "unsupported";
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
