package dev.vigil.rules.policy;

/**
 * One approved product for a device or a role: its name as the device announces it (matched
 * case-insensitively as a substring of the announcement, e.g. {@code "IP Station"} matches
 * {@code "Zenitel IP Station 7.6.3.2"}), and optionally the oldest acceptable version.
 *
 * @param product    product text to look for
 * @param minVersion oldest approved version, or null when any version is approved
 * @param origin     where the policy says so
 */
public record ApprovedSoftware(String product, SoftwareVersion minVersion, Origin origin) {
}
