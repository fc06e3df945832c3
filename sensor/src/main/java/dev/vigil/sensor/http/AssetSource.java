package dev.vigil.sensor.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that can show the asset inventory as JSON for {@code GET /assets}: the daemon
 * serves the first detect-stage analyzer that implements it. Called on the HTTP thread, so
 * the implementation returns a snapshot it can build safely while the detect stage keeps
 * writing (e.g. an immutable copy published after each change), or null while it has none.
 */
public interface AssetSource {
    JsonNode assetsJson();
}
