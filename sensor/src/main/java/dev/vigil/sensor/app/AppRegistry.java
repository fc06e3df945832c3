package dev.vigil.sensor.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The application decoders of a pipeline, and the port tables that map a flow to its decoder
 * in constant time. Each worker builds its own decoder instances from the factories.
 */
public final class AppRegistry {
    private final List<Supplier<AppDecoder>> factories = new ArrayList<>();
    private final List<Supplier<FrameDecoder>> frameFactories = new ArrayList<>();

    public AppRegistry register(Supplier<AppDecoder> factory) {
        factories.add(factory);
        return this;
    }

    /** Registers a decoder of non-IP link-layer frames (LLDP, CDP, ...). */
    public AppRegistry registerFrames(Supplier<FrameDecoder> factory) {
        frameFactories.add(factory);
        return this;
    }

    /** New frame decoder instances for one worker. */
    public FrameDecoder[] instantiateFrames() {
        FrameDecoder[] out = new FrameDecoder[frameFactories.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = frameFactories.get(i).get();
        }
        return out;
    }

    public int size() {
        return factories.size();
    }

    /** New decoder instances for one worker, in registration order (ids are index + 1). */
    public AppDecoder[] instantiate() {
        AppDecoder[] out = new AppDecoder[factories.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = factories.get(i).get();
        }
        return out;
    }

    /**
     * Port table for one transport: {@code table[port]} is decoder index + 1, or 0. The first
     * decoder registered for a port keeps it.
     */
    public static byte[] portTable(AppDecoder[] decoders, int transport) {
        if (decoders.length > 126) {
            throw new IllegalStateException("too many application decoders: " + decoders.length);
        }
        byte[] table = new byte[65536];
        for (int i = 0; i < decoders.length; i++) {
            for (PortClaims.Range r : decoders[i].claims().ranges()) {
                if (r.transport() != transport) {
                    continue;
                }
                for (int p = r.first(); p <= r.last(); p++) {
                    if (table[p] == 0) {
                        table[p] = (byte) (i + 1);
                    }
                }
            }
        }
        return table;
    }
}
