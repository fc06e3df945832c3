package dev.vigil.sensor.cli;

import picocli.CommandLine.Option;

/** Options shared by the commands that run the pipeline. */
final class CommonOptions {
    @Option(names = "--ndjson", paramLabel = "PATH|-",
            description = "Write events as NDJSON to PATH, or to standard output with '-'.")
    String ndjson;

    @Option(names = "--es", paramLabel = "URL",
            description = "Index events into Elasticsearch at URL (data streams logs-vigil.<dataset>-<namespace>). "
                    + "Credentials come from VIGIL_ES_USERNAME/VIGIL_ES_PASSWORD_FILE or VIGIL_ES_API_KEY_FILE.")
    String es;

    @Option(names = "--es-spool", paramLabel = "DIR",
            description = "Spool events on disk in DIR before Elasticsearch: they survive an Elasticsearch outage "
                    + "and a crash of vigil, and a later run with the same DIR sends what was left (ids are "
                    + "deterministic, so nothing is indexed twice). Offline, a full spool makes the reading wait; "
                    + "live, it drops and counts (spool_full).")
    java.nio.file.Path esSpool;

    @Option(names = "--es-spool-max-bytes", paramLabel = "BYTES",
            defaultValue = "" + dev.vigil.sensor.output.spool.DiskSpoolConfig.DEFAULT_MAX_BYTES,
            description = "Cap on the spool's size on disk (default: ${DEFAULT-VALUE}).")
    long esSpoolMaxBytes;

    @Option(names = "--es-namespace", paramLabel = "NAME", defaultValue = "default",
            description = "Data stream namespace (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Site policy (YAML): intercom networks, roles and their approved services, servers, "
                    + "severities. Default: the hardening guide's Tables 1 and 2 (see 'vigil policy default'); "
                    + "'vigil policy check FILE' explains one.")
    java.nio.file.Path policy;

    @Option(names = "--inventory", paramLabel = "FILE.csv",
            description = "Authorized inventory, CSV with the header mac,ip,name,role (mac or ip may be empty). "
                    + "Devices not in it are reported as asset.unknown.")
    java.nio.file.Path inventory;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Worker threads, each owning a shard of the flows (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "65536",
            description = "Flows tracked at once per worker; beyond it the oldest is ended and counted "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFlows;

    @Option(names = "--decoders", paramLabel = "LIST", split = ",", defaultValue = "all",
            description = "Application decoders to run: all (default), none (L2-L4, flows, ARP and IGMP only), "
                    + "or a comma list of: sip, rtp, tftp, dhcp, ntp, snmp, dip, discovery, syslog, http, ssh, telnet, dns, mdns, ssdp, tls, lldp, cdp.")
    java.util.List<String> decoders;

    @picocli.CommandLine.Mixin
    WebhookOptions webhook = new WebhookOptions();

    @Option(names = {"-q", "--quiet"}, description = "Print no summary.")
    boolean quiet;
}
