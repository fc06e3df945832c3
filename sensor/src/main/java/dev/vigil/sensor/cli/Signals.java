package dev.vigil.sensor.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's signal handling: SIGTERM and SIGINT stop it cleanly (capture stopped, flows
 * ended and flushed, outputs closed, exit status 0), SIGHUP reloads policy and inventory.
 *
 * <p>Uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module: the JDK's only way
 * to receive SIGHUP, supported on every JDK since 1.2 and kept on purpose for this use (JEP 260).
 * Each delivery runs the action on a new JVM thread, never inside the signal context. Handling
 * SIGTERM here rather than in a shutdown hook lets the drain finish before the JVM exits and
 * lets the process exit 0, which systemd counts as a clean stop. The previous handlers come
 * back on {@link #close()} (tests run the daemon inside a JVM that continues).
 */
final class Signals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Signals() {
    }

    /**
     * Installs the handlers. A signal the JVM does not let us handle (e.g. with {@code -Xrs}) is
     * logged and skipped: the JVM's own behaviour stays for it.
     */
    static Signals install(Runnable stop, Runnable reload) {
        Signals s = new Signals();
        s.handle("TERM", stop);
        s.handle("INT", stop);
        s.handle("HUP", reload);
        return s;
    }

    private void handle(String name, Runnable action) {
        try {
            Signal sig = new Signal(name);
            SignalHandler old = Signal.handle(sig, received -> action.run());
            signals.add(sig);
            previous.add(old);
        } catch (IllegalArgumentException e) {
            LOG.warn("cannot handle SIG{}: {}", name, e.getMessage());
        }
    }

    /** Names of the signals handled, e.g. {@code [TERM, INT, HUP]}. */
    List<String> handled() {
        return signals.stream().map(Signal::getName).toList();
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // cannot restore: leave ours
            }
        }
        signals.clear();
        previous.clear();
    }
}
