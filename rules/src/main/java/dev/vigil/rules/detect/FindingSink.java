package dev.vigil.rules.detect;

/**
 * Receives the findings of a {@link FindingEngine}, on the engine's thread. Implementations hand them
 * on (a record ring, a webhook queue) and must not block.
 */
@FunctionalInterface
public interface FindingSink {
    void onFinding(Finding finding);
}
