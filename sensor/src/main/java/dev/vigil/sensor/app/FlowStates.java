package dev.vigil.sensor.app;

import dev.vigil.sensor.flow.FlowTable;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The per-flow state objects of one app: a flow's state lives in the flow table's app-state slot
 * while the flow does, and goes back to a bounded pool of spares when it ends. Not thread-safe, like
 * the app that owns it.
 *
 * @param <S> the app's state type
 */
public final class FlowStates<S> {
    private final Class<S> type;
    private final int maxPooled;
    private final Supplier<? extends S> factory;
    private final ArrayDeque<S> free = new ArrayDeque<>();

    /**
     * @param type      the state class ({@link #get} ignores other objects in the slot)
     * @param maxPooled spare states kept for reuse at most
     * @param factory   makes a state when no spare is left
     */
    public FlowStates(Class<S> type, int maxPooled, Supplier<? extends S> factory) {
        this.type = type;
        this.maxPooled = maxPooled;
        this.factory = factory;
    }

    /** The flow's state, or null when it has none. */
    public S get(FlowTable t, int flow) {
        Object o = t.appState(flow);
        return type.isInstance(o) ? type.cast(o) : null;
    }

    /** A spare (or new) state, now the flow's; the caller resets it. */
    public S attach(FlowTable t, int flow) {
        S s = free.isEmpty() ? factory.get() : free.pop();
        t.setAppState(flow, s);
        return s;
    }

    /** Detaches {@code s} from the flow and keeps it for reuse while the pool has room. */
    public void release(FlowTable t, int flow, S s) {
        t.setAppState(flow, null);
        if (free.size() < maxPooled) {
            free.push(s);
        }
    }
}
