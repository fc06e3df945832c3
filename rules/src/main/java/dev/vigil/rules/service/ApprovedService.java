package dev.vigil.rules.service;

/**
 * One row of the hardening guide's Table 1 (TCP) or Table 2 (UDP).
 *
 * @param transport   IP protocol number: 6 (TCP) or 17 (UDP)
 * @param port        first port
 * @param portEnd     last port (same as {@code port} except for ranges such as 61000:61250)
 * @param service     the guide's service name ("IP stations")
 * @param name        vigil's short protocol name ("dip")
 * @param description the guide's description
 */
public record ApprovedService(int transport, int port, int portEnd, String service, String name,
                              String description) {
}
