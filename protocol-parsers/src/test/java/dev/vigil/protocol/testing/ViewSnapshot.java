package dev.vigil.protocol.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.vigil.protocol.PacketView;

/**
 * Every public field of a {@link PacketView}, offsets made relative to the frame, arrays cut to
 * their counts: two decodes of the same bytes (any buffer kind, any position) compare equal.
 */
public final class ViewSnapshot {
    private static final Set<String> OFFSETS = Set.of("l3Offset", "l4Offset", "payloadOffset");

    private ViewSnapshot() {
    }

    public static Map<String, Object> of(PacketView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            for (Field f : PacketView.class.getFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String name = f.getName();
                Object value = f.get(v);
                switch (name) {
                    case "frameOffset":
                        continue;
                    case "vlanIds":
                        value = Arrays.toString(Arrays.copyOf(v.vlanIds, Math.min(v.vlanCount, PacketView.MAX_VLANS)));
                        break;
                    case "events":
                        value = Arrays.toString(Arrays.copyOf(v.events, v.eventCount));
                        break;
                    default:
                        if (OFFSETS.contains(name) && (int) value >= 0) {
                            value = (int) value - v.frameOffset;
                        }
                }
                m.put(name, value);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        // A payload offset with nothing in it carries no information.
        if (v.payloadLength == 0) {
            m.put("payloadOffset", 0);
        }
        return m;
    }

    /** Event keys of the view, in order. */
    public static java.util.List<String> events(PacketView v) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < v.eventCount; i++) {
            keys.add(dev.vigil.protocol.DecodeEventType.byId(v.events[i]).key());
        }
        return keys;
    }
}
