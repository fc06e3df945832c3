package dev.vigil.rules.detect;

/**
 * A device seen during the learning period that is not in the inventory: what the sensor proposes to
 * authorize ({@code vigil inventory export}) instead of raising {@code asset.unknown}.
 *
 * @param mac            ECS MAC, or null
 * @param ip             IP, or null
 * @param firstSeenNanos first event time
 * @param lastSeenNanos  latest event time (during learning)
 * @param firstDataset   the dataset of the first document that showed it ({@code vigil.arp})
 */
public record ProposedAsset(String mac, String ip, long firstSeenNanos, long lastSeenNanos, String firstDataset) {
}
