package dev.vigil.sensor.pipeline;

import dev.vigil.sensor.event.EventIds;

/**
 * One input of the pipeline: a capture file or a live interface. Its key makes document ids
 * deterministic (same file, same ids); workers keep one {@link EventIds} each per input.
 *
 * @param name     the file name or interface name, written as {@code vigil.input.file} for files
 * @param key      stable identity of the input (file name and size, or sensor/interface/start time)
 * @param offline  true for files (lossless back-pressure), false for live capture (drops counted)
 */
public record InputContext(String name, String key, boolean offline) {
}
