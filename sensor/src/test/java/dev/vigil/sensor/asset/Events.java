package dev.vigil.sensor.asset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Crafted event documents in the sensor's shape (see the golden NDJSON files): {@code @timestamp},
 * {@code event.dataset}, {@code source}/{@code destination} endpoints, {@code network.*} and one
 * object per protocol, set by dotted paths.
 */
final class Events {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    private Events(String dataset, String timestamp) {
        root.put("@timestamp", timestamp);
        ObjectNode ev = root.putObject("event");
        ev.put("dataset", dataset);
        ev.put("kind", "event");
        ev.put("module", "vigil");
        ev.put("id", "test");
    }

    static Events event(String dataset, String timestamp) {
        return new Events(dataset, timestamp);
    }

    /** At 2026-03-02T08:00:{second}Z. */
    static Events event(String dataset, int second) {
        return new Events(dataset, String.format("2026-03-02T08:%02d:%02dZ", second / 60, second % 60));
    }

    Events src(String mac, String ip, int port) {
        endpoint("source", mac, ip, port);
        return this;
    }

    Events dst(String mac, String ip, int port) {
        endpoint("destination", mac, ip, port);
        return this;
    }

    Events udp() {
        return set("network.transport", "udp").set("network.type", "ipv4");
    }

    Events tcp(String srcFlags, String dstFlags) {
        set("network.transport", "tcp").set("network.type", "ipv4");
        if (srcFlags != null) {
            set("flow.tcp_flags.source", srcFlags);
        }
        if (dstFlags != null) {
            set("flow.tcp_flags.destination", dstFlags);
        }
        return this;
    }

    Events vlan(int id) {
        return set("network.vlan.id", Integer.toString(id));
    }

    private void endpoint(String side, String mac, String ip, int port) {
        ObjectNode e = root.putObject(side);
        if (ip != null) {
            e.put("ip", ip);
        }
        if (port >= 0) {
            e.put("port", port);
        }
        if (mac != null) {
            e.put("mac", mac);
        }
    }

    Events set(String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            n = child instanceof ObjectNode o ? o : n.putObject(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (value instanceof String s) {
            n.put(last, s);
        } else if (value instanceof Integer v) {
            n.put(last, v);
        } else if (value instanceof Long v) {
            n.put(last, v);
        } else if (value instanceof Boolean b) {
            n.put(last, b);
        } else if (value instanceof String[] arr) {
            ArrayNode a = n.putArray(last);
            for (String s : arr) {
                a.add(s);
            }
        } else if (value instanceof JsonNode j) {
            n.set(last, j);
        } else {
            throw new IllegalArgumentException("unsupported value " + value);
        }
        return this;
    }

    /** Parses JSON text (for arrays of objects in a field). */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    ObjectNode node() {
        return root;
    }
}
