package dev.vigil.rules.policy;

import java.time.Duration;
import java.util.Set;

/**
 * Audit-hygiene settings (CIS Control 6). The guide asks stations (Do, step 3) and servers (server
 * step 4) to use NTP, and servers to send syslog or SNMP traps (server step 5); the roles checked
 * for each are configurable.
 *
 * @param window           how long a device may go without talking to an approved NTP server (or
 *                         sending syslog/traps) before it is reported; also the time a device must
 *                         have been seen before it is judged
 * @param silenceThreshold how long an authorized device may send nothing before it is reported silent
 * @param ntpRoles         roles that must use NTP
 * @param syslogRoles      roles that must send syslog or SNMP traps
 * @param silenceRoles     roles whose silence is reported
 */
public record Hygiene(Duration window, Duration silenceThreshold, Set<Role> ntpRoles, Set<Role> syslogRoles,
                      Set<Role> silenceRoles) {
    public Hygiene {
        ntpRoles = Set.copyOf(ntpRoles);
        syslogRoles = Set.copyOf(syslogRoles);
        silenceRoles = Set.copyOf(silenceRoles);
    }
}
