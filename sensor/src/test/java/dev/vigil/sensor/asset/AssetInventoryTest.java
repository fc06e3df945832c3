package dev.vigil.sensor.asset;

import static dev.vigil.sensor.asset.Events.event;
import static dev.vigil.sensor.asset.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One fact source at a time, with crafted events in the sensor's document shape. Addresses:
 * 10.20.0.0/24 (private, like the demo site), 203.0.113.0/24 (RFC 5737, stands for a public
 * host behind a router).
 */
class AssetInventoryTest {
    static final String SERVER_MAC = "00-13-CB-14-00-0A";
    static final String STATION_MAC = "00-13-CB-14-01-01";
    static final String PHONE_MAC = "80-5E-C0-5A-21-01";
    static final String PC_MAC = "6C-2B-59-3E-8A-17";
    static final String ROUTER_MAC = "00-00-5E-00-01-01";

    final AssetInventory inv = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.empty());

    void apply(Events e) {
        inv.apply(e.node());
    }

    Asset asset(String mac) {
        Asset a = inv.asset(mac);
        assertThat(a).as("asset %s", mac).isNotNull();
        return a;
    }

    List<String> actions() {
        return inv.drainChanges().stream().map(c -> c.action().key() + " " + c.value()).toList();
    }

    // ------------------------------------------------------------------ ARP, DHCP, IP binding

    @Test
    void arpBindsSenderMacAndIp() {
        apply(event("vigil.arp", 1).src(SERVER_MAC, "10.20.0.10", -1).dst("FF-FF-FF-FF-FF-FF", "10.20.0.3", -1)
                .set("arp.opcode", "request").set("arp.sender.mac", SERVER_MAC).set("arp.sender.ip", "10.20.0.10")
                .set("arp.target.mac", "00-00-00-00-00-00").set("arp.target.ip", "10.20.0.3"));
        Asset a = asset(SERVER_MAC);
        assertThat(a.ipHistory()).extracting(Asset.IpRecord::ip, Asset.IpRecord::source)
                .containsExactly(tuple("10.20.0.10", "arp"));
        assertThat(inv.assetByIp("10.20.0.10")).isSameAs(a);
        assertThat(inv.size()).as("broadcast and all-zero MACs are no devices").isEqualTo(1);
        assertThat(actions()).containsExactly("asset-discovered " + SERVER_MAC, "ip-added 10.20.0.10");
    }

    @Test
    void arpProbeFromUnspecifiedAddressBindsNothing() {
        apply(event("vigil.arp", 1).src(STATION_MAC, "0.0.0.0", -1).dst("FF-FF-FF-FF-FF-FF", "10.20.0.101", -1)
                .set("arp.sender.mac", STATION_MAC).set("arp.sender.ip", "0.0.0.0"));
        assertThat(asset(STATION_MAC).ips()).isEmpty();
    }

    @Test
    void dhcpAckBindsAndClientRequestNamesTheClient() {
        apply(event("vigil.dhcp", 3).src(STATION_MAC, "0.0.0.0", 68).dst("FF-FF-FF-FF-FF-FF", "255.255.255.255", 67).udp()
                .set("dhcp.op", "request").set("dhcp.message_type", "DISCOVER").set("dhcp.client_mac", STATION_MAC)
                .set("dhcp.hostname", "station-101").set("dhcp.vendor_class", "Zenitel IP Station"));
        apply(event("vigil.dhcp", 4).src(SERVER_MAC, "10.20.0.10", 67).dst(STATION_MAC, "10.20.0.101", 68).udp()
                .set("dhcp.op", "reply").set("dhcp.message_type", "ACK").set("dhcp.client_mac", STATION_MAC)
                .set("dhcp.assigned_ip", "10.20.0.101").set("dhcp.hostname", "not-the-client"));
        Asset a = asset(STATION_MAC);
        assertThat(a.ipHistory()).extracting(Asset.IpRecord::ip, Asset.IpRecord::source)
                .containsExactly(tuple("10.20.0.101", "dhcp"));
        assertThat(a.names()).containsExactly("station-101");
        assertThat(a.nameSource("station-101")).isEqualTo("dhcp.hostname");
        assertThat(a.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("Zenitel IP Station", null, "dhcp.vendor_class"));
    }

    @Test
    void dhcpHostnameOfARelayedRequestGoesToTheClientMacNotTheRelay() {
        apply(event("vigil.dhcp", 3).src(ROUTER_MAC, "10.20.1.1", 67).dst(SERVER_MAC, "10.20.0.10", 67).udp()
                .set("dhcp.op", "request").set("dhcp.message_type", "REQUEST").set("dhcp.client_mac", STATION_MAC)
                .set("dhcp.hostname", "station-101"));
        assertThat(asset(STATION_MAC).names()).containsExactly("station-101");
        assertThat(asset(ROUTER_MAC).names()).isEmpty();
    }

    @Test
    void trafficBindsPrivateAddressesButNotPublicOnes() {
        apply(event("vigil.flow", 1).src(PC_MAC, "10.20.0.50", 52637).dst(ROUTER_MAC, "203.0.113.7", 443)
                .tcp("SYN,ACK", "SYN,ACK").set("network.protocol", "tls"));
        assertThat(asset(PC_MAC).ips()).containsExactly("10.20.0.50");
        assertThat(asset(ROUTER_MAC).ips()).as("a public address behind the gateway").isEmpty();
        assertThat(asset(ROUTER_MAC).offered()).isEmpty();
        assertThat(asset(PC_MAC).used()).extracting(Asset.Service::toString).containsExactly("tcp/443/tls");
        assertThat(inv.stats().snapshot()).containsEntry("ips_not_local", 1L);
    }

    @Test
    void configuredLocalNetworksReplaceThePrivateRangeRule() {
        AssetInventory local = new AssetInventory(AssetConfig.DEFAULT.withLocalNetworks(List.of("203.0.113.0/24")),
                OuiRegistry.empty());
        local.apply(event("vigil.flow", 1).src(PC_MAC, "203.0.113.50", 40000).dst(SERVER_MAC, "10.99.0.1", 80)
                .tcp("SYN,ACK", "SYN,ACK").node());
        assertThat(local.asset(PC_MAC).ips()).containsExactly("203.0.113.50");
        assertThat(local.asset(SERVER_MAC).ips()).isEmpty();
    }

    @Test
    void aMacCarryingManyAddressesIsARouterAndLosesTheAddressesItGotFromTraffic() {
        AssetInventory small = new AssetInventory(AssetConfig.DEFAULT.withRouterIpThreshold(3), OuiRegistry.empty());
        small.apply(event("vigil.arp", 1).src(ROUTER_MAC, "10.20.0.1", -1).set("arp.sender.mac", ROUTER_MAC)
                .set("arp.sender.ip", "10.20.0.1").node());
        for (int i = 1; i <= 4; i++) {
            small.apply(event("vigil.flow", 1 + i).src(ROUTER_MAC, "10.30.0." + i, 5060).dst(PHONE_MAC, "10.20.0.121", 5060)
                    .udp().set("network.protocol", "sip").node());
        }
        Asset r = small.asset(ROUTER_MAC);
        assertThat(r.router()).isTrue();
        assertThat(r.ips()).as("only the ARP-proven address stays").containsExactly("10.20.0.1");
        assertThat(small.assetByIp("10.30.0.1")).isNull();
        small.apply(event("vigil.flow", 9).src(ROUTER_MAC, "10.30.0.9", 5060).dst(PHONE_MAC, "10.20.0.121", 5060)
                .udp().node());
        assertThat(r.ips()).containsExactly("10.20.0.1");
        assertThat(small.stats().routersDetected()).isEqualTo(1);
        // the 4th routable address (10.30.0.3) made it a router; 10.30.0.4 and 10.30.0.9 were refused
        assertThat(small.stats().ipsBehindRouter()).isEqualTo(2);
        assertThat(small.drainChanges()).extracting(c -> c.action().key()).contains("router-detected");
    }

    @Test
    void dhcpRouterOptionAndLldpCapabilityMarkRouters() {
        apply(event("vigil.arp", 1).src(ROUTER_MAC, "10.20.0.1", -1).set("arp.sender.mac", ROUTER_MAC)
                .set("arp.sender.ip", "10.20.0.1"));
        apply(event("vigil.dhcp", 2).src(SERVER_MAC, "10.20.0.10", 67).dst(STATION_MAC, "10.20.0.101", 68).udp()
                .set("dhcp.op", "reply").set("dhcp.message_type", "OFFER").set("dhcp.router", new String[] {"10.20.0.1"}));
        assertThat(asset(ROUTER_MAC).router()).isTrue();
        assertThat(asset(ROUTER_MAC).ips()).containsExactly("10.20.0.1");

        String sw = "00-01-30-F9-AD-A0";
        apply(event("vigil.lldp", 3).src(sw, null, -1).dst("01-80-C2-00-00-0E", null, -1)
                .set("lldp.system.name", "Summit300-48")
                .set("lldp.system.description", "Summit300-48 - Version 7.4e.1 (Build 5) by Release_Master 05/27/05 04:53:11")
                .set("lldp.system.enabled_capabilities", new String[] {"bridge", "router"}));
        Asset s = asset(sw);
        assertThat(s.router()).isTrue();
        assertThat(s.names()).containsExactly("Summit300-48");
        assertThat(s.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("Summit300-48", "7.4e.1", "lldp.system.description"));
    }

    @Test
    void trafficDoesNotTakeAnAddressArpProvedForAnotherMac() {
        apply(event("vigil.arp", 1).src(STATION_MAC, "10.20.0.101", -1).set("arp.sender.mac", STATION_MAC)
                .set("arp.sender.ip", "10.20.0.101"));
        apply(event("vigil.flow", 2).src(PC_MAC, "10.20.0.101", 40000).dst(SERVER_MAC, "10.20.0.10", 80)
                .tcp("SYN,ACK", "SYN,ACK").set("network.protocol", "http"));
        assertThat(asset(PC_MAC).ips()).isEmpty();
        assertThat(asset(PC_MAC).used()).as("its facts are not credited either").isEmpty();
        assertThat(inv.assetByIp("10.20.0.101").macText()).isEqualTo(STATION_MAC);
        assertThat(asset(SERVER_MAC).offered()).extracting(Asset.Service::toString).containsExactly("tcp/80/http");
    }

    @Test
    void vlanOfTheFrameGoesToBothEndsAndQinQUsesTheInnerTag() {
        apply(event("vigil.discovery", 1).src("00-13-CB-14-01-05", "10.20.0.105", 5002).dst(SERVER_MAC, "10.20.0.10", 5002)
                .udp().vlan(20));
        apply(event("vigil.flow", 2).src(PC_MAC, "10.20.0.50", 40000).dst(SERVER_MAC, "10.20.0.10", 161).udp()
                .vlan(100).set("network.inner.vlan.id", "30"));
        assertThat(asset("00-13-CB-14-01-05").vlans()).containsExactly(20);
        assertThat(asset(SERVER_MAC).vlans()).containsExactly(20, 30);
        assertThat(asset(PC_MAC).vlans()).containsExactly(30);
    }

    // ------------------------------------------------------------------ names and software

    @Test
    void cdpDeviceIdAndSoftwareVersion() {
        String mac = "00-18-BA-98-68-8F";
        apply(event("vigil.cdp", 1).src(mac, null, -1).dst("01-00-0C-CC-CC-CC", null, -1)
                .set("cdp.device_id", "S1").set("cdp.platform", "cisco WS-C3560-24TS")
                .set("cdp.software_version", "Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), "
                        + "Version 12.2(44)SE, RELEASE SOFTWARE (fc1)\nCopyright (c) 1986-2008 by Cisco Systems, Inc.")
                .set("cdp.capabilities", new String[] {"switch", "igmp"}));
        Asset a = asset(mac);
        assertThat(a.names()).containsExactly("S1");
        assertThat(a.software()).extracting(Software::product, Software::version)
                .containsExactly(tuple("Cisco IOS", "12.2(44)SE"));
        assertThat(a.router()).isFalse();
    }

    @Test
    void lldpMedRevisions() {
        apply(event("vigil.lldp", 1).src(PHONE_MAC, null, -1).dst("01-80-C2-00-00-0E", null, -1)
                .set("lldp.med.manufacturer", "Yealink").set("lldp.med.model", "SIP-T54W")
                .set("lldp.med.software_revision", "96.86.0.100").set("lldp.med.firmware_revision", "1.2"));
        assertThat(asset(PHONE_MAC).software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("Yealink SIP-T54W", "96.86.0.100", "lldp.med.software_revision"),
                        tuple("Yealink SIP-T54W", "1.2", "lldp.med.firmware_revision"));
    }

    @Test
    void snmpResponseGivesSysDescrObjectIdAndRequestsGiveManagement() {
        apply(event("vigil.snmp", 1).src(PC_MAC, "10.20.0.50", 54570).dst(SERVER_MAC, "10.20.0.10", 161).udp()
                .set("snmp.version", "2c").set("snmp.pdu_type", "get-request"));
        apply(event("vigil.snmp", 2).src(SERVER_MAC, "10.20.0.10", 161).dst(PC_MAC, "10.20.0.50", 54570).udp()
                .set("snmp.version", "2c").set("snmp.pdu_type", "get-response")
                .set("snmp.system.description", "Zenitel ICX-AlphaCom, software 11.2.3.2, node 1")
                .set("snmp.system.object_id", "1.3.6.1.4.1.26122.1.1").set("snmp.system.name", "icx-alphacom"));
        apply(event("vigil.snmp", 3).src(SERVER_MAC, "10.20.0.10", 59564).dst(PC_MAC, "10.20.0.50", 162).udp()
                .set("snmp.version", "2c").set("snmp.pdu_type", "snmpv2-trap"));
        Asset s = asset(SERVER_MAC);
        assertThat(s.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("Zenitel ICX-AlphaCom", "11.2.3.2", "snmp.system.description"));
        assertThat(s.snmpObjectId()).isEqualTo("1.3.6.1.4.1.26122.1.1");
        assertThat(s.snmpEnterprise()).isEqualTo(RoleGuess.ZENITEL_ENTERPRISE);
        assertThat(s.names()).containsExactly("icx-alphacom");
        assertThat(s.management()).containsExactly("snmpv2c");
        assertThat(s.trapReceivers()).containsExactly("10.20.0.50");
        assertThat(asset(PC_MAC).manages()).containsExactly("snmpv2c");
        assertThat(RoleGuess.isIntercomVendor(s)).as("sysObjectID under 26122, with no OUI registry").isTrue();
    }

    @Test
    void malformedObjectIdsAndVlanIdsAreLeftOut() {
        for (String oid : new String[] {"1.3..6", "1", ".1.3", "1.3.", "1.3.x", "1." + "1.".repeat(70) + "1"}) {
            apply(event("vigil.snmp", 1).src(SERVER_MAC, "10.20.0.10", 161).dst(PC_MAC, "10.20.0.50", 5000).udp()
                    .set("snmp.pdu_type", "get-response").set("snmp.system.object_id", oid).vlan(4096));
        }
        apply(event("vigil.snmp", 1).src(SERVER_MAC, "10.20.0.10", 161).dst(PC_MAC, "10.20.0.50", 5000).udp()
                .set("snmp.pdu_type", "get-response").set("snmp.system.object_id", "1.3").set("network.vlan.id", "-1"));
        assertThat(asset(SERVER_MAC).snmpObjectId()).isEqualTo("1.3");
        assertThat(asset(SERVER_MAC).snmpEnterprise()).isEqualTo(-1);
        assertThat(asset(SERVER_MAC).vlans()).isEmpty();
    }

    @Test
    void snmpV3TowardsTheAgentPortCountsEvenWithoutAReadablePdu() {
        apply(event("vigil.snmp", 1).src(PC_MAC, "10.20.0.50", 50000).dst(SERVER_MAC, "10.20.0.10", 161).udp()
                .set("snmp.version", "3"));
        assertThat(asset(SERVER_MAC).management()).containsExactly("snmpv3");
    }

    @Test
    void sipUserAgentServerRegistrarAndRegisteringUserAgent() {
        apply(event("vigil.sip", 1).src(PHONE_MAC, "10.20.0.121", 5060).dst(SERVER_MAC, "10.20.0.10", 5060).udp()
                .set("sip.type", "request").set("sip.method", "REGISTER")
                .set("sip.from.display_info", "Reception phone")
                .set("sip.via", json("[{\"transport\":\"UDP\",\"sent_by\":\"10.20.0.121:5060\",\"branch\":\"z9hG4bK1\"}]"))
                .set("sip.contact", new String[] {"sip:201@10.20.0.121:5060;transport=udp"})
                .set("sip.user_agent.original", "Yealink SIP-T54W 96.86.0.100"));
        apply(event("vigil.sip", 2).src(SERVER_MAC, "10.20.0.10", 5060).dst(PHONE_MAC, "10.20.0.121", 5060).udp()
                .set("sip.type", "response").set("sip.code", 401).set("sip.cseq.method", "REGISTER")
                .set("sip.server", "ICX-AlphaCom 11.2.3.2"));
        Asset p = asset(PHONE_MAC);
        assertThat(p.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("Yealink SIP-T54W", "96.86.0.100", "sip.user_agent"));
        assertThat(p.directoryNumbers()).containsExactly("201");
        assertThat(p.names()).containsExactly("Reception phone");
        assertThat(p.sipRegisters()).isTrue();
        Asset s = asset(SERVER_MAC);
        assertThat(s.sipRegistrar()).isTrue();
        assertThat(s.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("ICX-AlphaCom", "11.2.3.2", "sip.server"));
    }

    @Test
    void sipFromOfAnInviteIsTheCallerNotNecessarilyTheSender() {
        // a PBX (B2BUA) starts the second leg itself, under the caller's From
        apply(event("vigil.sip", 1).src(SERVER_MAC, "10.20.0.10", 5060).dst(PHONE_MAC, "10.20.0.121", 5060).udp()
                .set("sip.type", "request").set("sip.method", "INVITE").set("sip.from.display_info", "Door 106")
                .set("sip.via", json("[{\"sent_by\":\"10.20.0.10:5060\"}]"))
                .set("sip.contact", new String[] {"<sip:106@10.20.0.10:5060>"}));
        assertThat(asset(SERVER_MAC).names()).isEmpty();
        assertThat(asset(SERVER_MAC).directoryNumbers()).isEmpty();
    }

    @Test
    void sipContactOfAnotherHostIsNotTheSendersExtension() {
        apply(event("vigil.sip", 1).src(SERVER_MAC, "10.20.0.10", 5060).dst(PHONE_MAC, "10.20.0.121", 5060).udp()
                .set("sip.type", "request").set("sip.method", "REGISTER")
                .set("sip.via", json("[{\"sent_by\":\"10.20.0.10\"}]"))
                .set("sip.contact", new String[] {"sip:201@10.20.0.121:5060"}));
        assertThat(asset(SERVER_MAC).directoryNumbers()).isEmpty();
    }

    @Test
    void dipStationUpGivesFirmwareAndConfigureGivesNameAndDirectoryNumber() {
        String st = "00-13-CB-14-01-02";
        apply(event("vigil.dip", 1).src(st, "10.20.0.102", 58408).dst(SERVER_MAC, "10.20.0.10", 50001)
                .tcp(null, null).set("dip.transport", "tcp").set("dip.direction", "to_server").set("dip.command", "stu")
                .set("dip.params", new String[] {"0013cb140102", "\"IP Station\"", "\"7.6.3.2\""}));
        apply(event("vigil.dip", 2).src(SERVER_MAC, "10.20.0.10", 50001).dst(st, "10.20.0.102", 58408)
                .tcp(null, null).set("dip.transport", "tcp").set("dip.direction", "to_station").set("dip.command", "con")
                .set("dip.name", "Gate 2").set("dip.directory_number", "102"));
        Asset a = asset(st);
        assertThat(a.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("IP Station", "7.6.3.2", "dip.stu"));
        assertThat(a.names()).containsExactly("Gate 2");
        assertThat(a.directoryNumbers()).containsExactly("102");
        assertThat(asset(SERVER_MAC).names()).isEmpty();
    }

    @Test
    void discoveryDatagramDescribingItsSenderGivesModelFirmwareAndName() {
        String st = "00-13-CB-14-01-05";
        apply(event("vigil.discovery", 1).src(st, "10.20.0.105", 5002).dst(SERVER_MAC, "10.20.0.10", 5002).udp()
                .set("discovery.strings", new String[] {"IP Station", "5.2.3.1", "00:13:CB:14:01:05", "Loading Dock"}));
        // a datagram that carries another MAC (or none) describes nothing of its sender
        apply(event("vigil.discovery", 2).src(SERVER_MAC, "10.20.0.10", 5002).dst(st, "10.20.0.105", 5002).udp()
                .set("discovery.strings", new String[] {"IP Station", "5.2.3.1", "00:13:CB:14:01:05", "Loading Dock"}));
        apply(event("vigil.discovery", 3).src(PC_MAC, "10.20.0.66", 5002).dst("FF-FF-FF-FF-FF-FF", "255.255.255.255", 5002)
                .udp().set("discovery.strings", new String[] {"Vwx)"}));
        Asset a = asset(st);
        assertThat(a.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("IP Station", "5.2.3.1", "discovery"));
        assertThat(a.names()).containsExactly("Loading Dock");
        assertThat(asset(SERVER_MAC).names()).isEmpty();
        assertThat(asset(SERVER_MAC).software()).isEmpty();
        assertThat(asset(PC_MAC).names()).isEmpty();
    }

    @Test
    void httpServerHeaderAndWebManagement() {
        apply(event("vigil.http", 1).src(PC_MAC, "10.20.0.50", 52637).dst(STATION_MAC, "10.20.0.101", 80).tcp(null, null)
                .set("http.request.method", "GET").set("http.response.status_code", 200)
                .set("http.response.server", "lighttpd/1.4.59"));
        Asset st = asset(STATION_MAC);
        assertThat(st.software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("lighttpd", "1.4.59", "http.server"));
        assertThat(st.management()).containsExactly("http");
        assertThat(asset(PC_MAC).manages()).containsExactly("http");
    }

    @Test
    void sshBannersTelnetSessionsAndHttps() {
        apply(event("vigil.ssh", 1).src(PC_MAC, "10.20.0.50", 40000).dst(SERVER_MAC, "10.20.0.10", 22).tcp(null, null)
                .set("ssh.protocol_version", "2.0").set("ssh.server.software", "OpenSSH_9.6p1")
                .set("ssh.server.comments", "Debian-2").set("ssh.client.software", "PuTTY_Release_0.80"));
        apply(event("vigil.telnet", 2).src(PC_MAC, "10.20.0.50", 40001).dst(STATION_MAC, "10.20.0.101", 23)
                .tcp(null, null).set("telnet.session", true));
        apply(event("vigil.tls", 3).src(PC_MAC, "10.20.0.50", 40002).dst(STATION_MAC, "10.20.0.101", 443)
                .tcp(null, null).set("tls.version", "1.2"));
        assertThat(asset(SERVER_MAC).software()).extracting(Software::product, Software::version, Software::source)
                .containsExactly(tuple("OpenSSH", "9.6p1", "ssh.server"));
        assertThat(asset(PC_MAC).software()).extracting(Software::product, Software::version)
                .containsExactly(tuple("PuTTY_Release", "0.80"));
        assertThat(asset(SERVER_MAC).management()).containsExactly("ssh");
        assertThat(asset(STATION_MAC).management()).containsExactly("https", "telnet");
        assertThat(asset(PC_MAC).manages()).containsExactly("https", "ssh", "telnet");
    }

    @Test
    void sipsOnItsOwnPortIsNotWebManagement() {
        apply(event("vigil.tls", 1).src(PHONE_MAC, "10.20.0.122", 59686).dst(SERVER_MAC, "10.20.0.10", 5061)
                .tcp(null, null).set("tls.version", "1.2"));
        assertThat(asset(SERVER_MAC).management()).isEmpty();
    }

    @Test
    void ntpClientAndServerModesNameTheClientsServer() {
        apply(event("vigil.ntp", 1).src(SERVER_MAC, "10.20.0.10", 123).dst("EC-46-70-01-2C-33", "10.20.0.2", 123).udp()
                .set("ntp.mode", "client").set("ntp.mode_code", 3));
        apply(event("vigil.ntp", 2).src("EC-46-70-01-2C-33", "10.20.0.2", 123).dst(STATION_MAC, "10.20.0.101", 50318)
                .udp().set("ntp.mode", "server").set("ntp.mode_code", 4));
        assertThat(asset(SERVER_MAC).ntpServers()).containsExactly("10.20.0.2");
        assertThat(asset(STATION_MAC).ntpServers()).containsExactly("10.20.0.2");
        assertThat(asset("EC-46-70-01-2C-33").ntpServers()).isEmpty();
    }

    @Test
    void syslogCollectorAndHostname() {
        apply(event("vigil.syslog", 1).src(SERVER_MAC, "10.20.0.10", 514).dst("0C-C4-7A-5D-90-03", "10.20.0.3", 514).udp()
                .set("syslog.hostname", "icx-alphacom").set("syslog.message", "System start"));
        apply(event("vigil.syslog", 2).src(STATION_MAC, "10.20.0.101", 514).dst("0C-C4-7A-5D-90-03", "10.20.0.3", 514)
                .udp().set("syslog.hostname", "-"));
        assertThat(asset(SERVER_MAC).syslogServers()).containsExactly("10.20.0.3");
        assertThat(asset(SERVER_MAC).names()).containsExactly("icx-alphacom");
        assertThat(asset(STATION_MAC).names()).isEmpty();
    }

    @Test
    void igmpReportsJoinAndFlowsToOrganisationLocalGroupsAreSends() {
        apply(event("vigil.igmp", 1).src(STATION_MAC, "10.20.0.101", -1).dst("01-00-5E-40-01-00", "239.192.1.0", -1)
                .set("network.transport", "igmp").set("igmp.type", "v2_report").set("igmp.group", "239.192.1.0"));
        apply(event("vigil.igmp", 2).src(STATION_MAC, "10.20.0.101", -1).dst("01-00-5E-00-00-02", "224.0.0.2", -1)
                .set("network.transport", "igmp").set("igmp.type", "leave").set("igmp.group", "239.192.1.1"));
        apply(event("vigil.flow", 3).src(STATION_MAC, "10.20.0.101", -1).dst("01-00-5E-40-01-00", "239.192.1.0", -1)
                .set("network.transport", "igmp"));
        apply(event("vigil.flow", 4).src(SERVER_MAC, "10.20.0.10", 5001).dst("01-00-5E-40-01-00", "239.192.1.0", 5001)
                .udp().set("network.protocol", "dip"));
        Asset st = asset(STATION_MAC);
        assertThat(st.multicastGroups()).containsExactly("239.192.1.0");
        assertThat(st.multicastSent()).as("an IGMP report joins, it does not send to the group").isEmpty();
        Asset s = asset(SERVER_MAC);
        assertThat(s.multicastSent()).containsExactly("239.192.1.0");
        assertThat(s.used()).extracting(Asset.Service::toString).containsExactly("udp/5001/dip");
        assertThat(inv.size()).as("multicast MACs are no devices").isEqualTo(2);
    }

    @Test
    void mdnsAnswerForTheSendersOwnAddressNamesIt() {
        String mac = "D8-30-62-56-00-1C";
        apply(event("vigil.mdns", 1).src(mac, "169.254.225.216", 5353).dst("01-00-5E-00-00-FB", "224.0.0.251", 5353).udp()
                .set("dns.type", "answer")
                .set("mdns.addresses", json("[{\"name\":\"Lucas-iMac.local\",\"ip\":\"169.254.225.216\"},"
                        + "{\"name\":\"other.local\",\"ip\":\"169.254.1.1\"}]")));
        assertThat(asset(mac).names()).containsExactly("Lucas-iMac.local");
        assertThat(asset(mac).ips()).as("link-local: always the sender's").containsExactly("169.254.225.216");
    }

    @Test
    void reversePtrAnswerNamesTheAssetHoldingTheAddress() {
        apply(event("vigil.arp", 1).src(STATION_MAC, "10.20.0.101", -1).set("arp.sender.mac", STATION_MAC)
                .set("arp.sender.ip", "10.20.0.101"));
        apply(event("vigil.dns", 2).src(SERVER_MAC, "10.20.0.10", 53).dst(PC_MAC, "10.20.0.50", 40000).udp()
                .set("dns.type", "answer")
                .set("dns.answers", json("[{\"name\":\"101.0.20.10.in-addr.arpa\",\"type\":\"PTR\",\"data\":\"st101.site.example\"},"
                        + "{\"name\":\"99.0.20.10.in-addr.arpa\",\"type\":\"PTR\",\"data\":\"nobody.site.example\"}]")));
        assertThat(asset(STATION_MAC).names()).containsExactly("st101.site.example");
        assertThat(asset(STATION_MAC).nameSource("st101.site.example")).isEqualTo("dns.ptr");
    }

    @Test
    void ssdpServerHeader() {
        apply(event("vigil.ssdp", 1).src(ROUTER_MAC, "192.168.1.1", 9489).dst("01-00-5E-7F-FF-FA", "239.255.255.250", 1900)
                .udp().set("ssdp.server", "UPnP/Tomato 1.28.7500 MIPSR2Toastman-RT K26 USB Ext UPnP/1.0 MiniUPnPd/1.6"));
        assertThat(asset(ROUTER_MAC).software()).extracting(Software::product, Software::version)
                .containsExactly(tuple("UPnP/Tomato", "1.28.7500"));
    }

    // ------------------------------------------------------------------ services from flows

    @Test
    void tcpListenerIsTheSideThatAnsweredTheSyn() {
        apply(event("vigil.flow", 1).src("A4-F2-E0-7B-19-C4", "10.20.0.66", 44677).dst(STATION_MAC, "10.20.0.104", 80)
                .tcp("SYN,RST", "SYN,ACK").set("network.protocol", "http"));
        apply(event("vigil.flow", 2).src("A4-F2-E0-7B-19-C4", "10.20.0.66", 42290).dst(STATION_MAC, "10.20.0.104", 23)
                .tcp("SYN", "RST,ACK").set("network.protocol", "telnet"));
        assertThat(asset(STATION_MAC).offered()).extracting(Asset.Service::toString)
                .as("port 23 refused the SYN: not offered").containsExactly("tcp/80/http");
        assertThat(asset("A4-F2-E0-7B-19-C4").used()).extracting(Asset.Service::toString).containsExactly("tcp/80/http");
    }

    @Test
    void tcpWithoutSynFallsBackToTheSystemPort() {
        apply(event("vigil.flow", 1).src(SERVER_MAC, "10.20.0.10", 22).dst(PC_MAC, "10.20.0.50", 50000)
                .tcp("PSH,ACK", "ACK"));
        apply(event("vigil.flow", 2).src(SERVER_MAC, "10.20.0.10", 50001).dst(STATION_MAC, "10.20.0.101", 51935)
                .tcp("PSH,ACK", "ACK"));
        assertThat(asset(SERVER_MAC).offered()).extracting(Asset.Service::toString).containsExactly("tcp/22");
        assertThat(asset(PC_MAC).used()).extracting(Asset.Service::toString).containsExactly("tcp/22");
        assertThat(inv.stats().snapshot()).containsEntry("direction_unknown", 1L);
    }

    @Test
    void udpDirectionDhcpEphemeralAndMedia() {
        // the server answers the DHCP client port: the client port never offers
        apply(event("vigil.flow", 1).src(SERVER_MAC, "10.20.0.10", 67).dst(STATION_MAC, "10.20.0.101", 68).udp()
                .set("network.protocol", "dhcp"));
        // capture began with the answer: the non-ephemeral side offers
        apply(event("vigil.flow", 2).src(SERVER_MAC, "10.20.0.10", 161).dst(PC_MAC, "10.20.0.50", 54570).udp()
                .set("network.protocol", "snmp"));
        // TFTP data between two ephemeral ports: nobody offers
        apply(event("vigil.flow", 3).src(SERVER_MAC, "10.20.0.10", 57671).dst(STATION_MAC, "10.20.0.101", 53048).udp()
                .set("network.protocol", "tftp"));
        // media: used by both, without a port
        apply(event("vigil.flow", 4).src(STATION_MAC, "10.20.0.101", 61000).dst(PHONE_MAC, "10.20.0.121", 61100).udp()
                .set("network.protocol", "rtp"));
        assertThat(asset(SERVER_MAC).offered()).extracting(Asset.Service::toString)
                .containsExactly("udp/67/dhcp", "udp/161/snmp");
        assertThat(asset(STATION_MAC).offered()).isEmpty();
        assertThat(asset(STATION_MAC).used()).extracting(Asset.Service::toString)
                .containsExactly("udp/67/dhcp", "udp/-/rtp");
        assertThat(asset(PHONE_MAC).used()).extracting(Asset.Service::toString).containsExactly("udp/-/rtp");
        assertThat(asset(PC_MAC).used()).extracting(Asset.Service::toString).containsExactly("udp/161/snmp");
    }

    @Test
    void aLaterFlowNamesAServiceFirstSeenWithoutProtocol() {
        apply(event("vigil.flow", 1).src(PC_MAC, "10.20.0.50", 40000).dst(SERVER_MAC, "10.20.0.10", 5060).udp());
        apply(event("vigil.flow", 2).src(PC_MAC, "10.20.0.50", 40001).dst(SERVER_MAC, "10.20.0.10", 5060).udp()
                .set("network.protocol", "sip"));
        assertThat(asset(SERVER_MAC).offered()).extracting(Asset.Service::toString).containsExactly("udp/5060/sip");
    }

    // ------------------------------------------------------------------ time, changes, documents

    @Test
    void firstAndLastSeenFollowEventTimeInAnyOrder() {
        apply(event("vigil.arp", "2026-03-02T08:00:30Z").src(SERVER_MAC, "10.20.0.10", -1));
        apply(event("vigil.arp", "2026-03-02T08:00:10.5Z").src(SERVER_MAC, "10.20.0.10", -1));
        apply(event("vigil.arp", "2026-03-02T08:01:00Z").src(SERVER_MAC, "10.20.0.10", -1));
        Asset a = asset(SERVER_MAC);
        assertThat(a.firstSeen()).isEqualTo(java.time.Instant.parse("2026-03-02T08:00:10.5Z").toEpochMilli() * 1_000_000L);
        assertThat(a.lastSeen()).isEqualTo(java.time.Instant.parse("2026-03-02T08:01:00Z").toEpochMilli() * 1_000_000L);
    }

    @Test
    void eventsWithoutValidTimestampOrOfTheInventoryItselfAreIgnored() {
        inv.apply(event("vigil.arp", "yesterday").src(SERVER_MAC, "10.20.0.10", -1).node());
        inv.apply(event("vigil.asset", 1).src(SERVER_MAC, "10.20.0.10", -1).node());
        inv.apply(Events.JSON.createArrayNode());
        inv.apply(null);
        assertThat(inv.size()).isZero();
        assertThat(inv.stats().eventsIgnored()).isEqualTo(3);
        assertThat(inv.stats().snapshot()).containsEntry("bad_timestamp", 1L);
        assertThat(inv.stats().errors()).isZero();
    }

    @Test
    void softwareVersionChangeIsOneChangeWithThePreviousVersion() {
        String st = "00-13-CB-14-01-05";
        String[] old = {"IP Station", "5.2.3.1", "00:13:CB:14:01:05", "Loading Dock"};
        String[] upgraded = {"IP Station", "7.6.3.2", "00:13:CB:14:01:05", "Loading Dock"};
        apply(event("vigil.discovery", 1).src(st, "10.20.0.105", 5002).dst(SERVER_MAC, "10.20.0.10", 5002).udp()
                .set("discovery.strings", old));
        inv.drainChanges();
        apply(event("vigil.discovery", 2).src(st, "10.20.0.105", 5002).dst(SERVER_MAC, "10.20.0.10", 5002).udp()
                .set("discovery.strings", old));
        assertThat(inv.drainChanges()).isEmpty();
        apply(event("vigil.discovery", 3).src(st, "10.20.0.105", 5002).dst(SERVER_MAC, "10.20.0.10", 5002).udp()
                .set("discovery.strings", upgraded));
        List<AssetChange> changes = inv.drainChanges();
        assertThat(changes).extracting(c -> c.action().key(), AssetChange::value, AssetChange::previous, AssetChange::source)
                .containsExactly(tuple("software-changed", "IP Station 7.6.3.2", "5.2.3.1", "discovery"));
        assertThat(asset(st).software()).extracting(Software::version).containsExactly("7.6.3.2");
    }

    @Test
    void drainChangedReturnsNewFactsAtOnceButLastSeenOnlyWhenItLags() {
        AssetInventory i = new AssetInventory(AssetConfig.DEFAULT.withLastSeenRefresh(Duration.ofSeconds(60)),
                OuiRegistry.empty());
        i.apply(event("vigil.arp", 0).src(SERVER_MAC, "10.20.0.10", -1).node());
        assertThat(i.drainChanged()).extracting(Asset::macText).containsExactly(SERVER_MAC);
        assertThat(i.drainChanged()).isEmpty();
        i.apply(event("vigil.arp", 30).src(SERVER_MAC, "10.20.0.10", -1).node());
        assertThat(i.drainChanged()).as("30 s later, nothing new").isEmpty();
        i.apply(event("vigil.arp", 61).src(SERVER_MAC, "10.20.0.10", -1).node());
        assertThat(i.drainChanged()).as("the document lags 61 s").extracting(Asset::macText).containsExactly(SERVER_MAC);
        i.apply(event("vigil.arp", 62).src(SERVER_MAC, "10.20.0.10", -1).set("arp.sender.mac", SERVER_MAC)
                .set("arp.sender.ip", "10.20.0.10").node());
        assertThat(i.drainChanged()).as("a new IP is news").extracting(Asset::macText).containsExactly(SERVER_MAC);
    }

    @Test
    void authorizeRecordsThePolicyAndRoleOverridesTheGuess() {
        apply(event("vigil.arp", 1).src("A4-F2-E0-7B-19-C4", "10.20.0.66", -1));
        Asset a = asset("A4-F2-E0-7B-19-C4");
        inv.drainChanged();
        assertThat(a.role()).isEmpty();
        inv.authorize(a, false, null);
        assertThat(inv.drainChanged()).containsExactly(a);
        inv.authorize(a, false, null);
        assertThat(inv.drainChanged()).as("unchanged: no new document").isEmpty();
        inv.authorize(a, true, "management");
        assertThat(a.role()).isEqualTo("management");
        assertThat(a.authorized()).isTrue();
    }

    @Test
    void vendorComesFromTheRegistryAndLocallyAdministeredMacsHaveNone() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("oui");
        java.nio.file.Path f = dir.resolve("oui.csv");
        java.nio.file.Files.writeString(f, "Registry,Assignment,Organization Name,Organization Address\n"
                + "MA-L,0013CB,Zenitel Norway AS,Sandaker v 24 c  Oslo NO 0403 \n"
                + "MA-L,C62C03,Not A Real Entry,x\n");
        AssetInventory i = new AssetInventory(AssetConfig.DEFAULT, OuiRegistry.load(f));
        i.apply(event("vigil.arp", 1).src(SERVER_MAC, "10.20.0.10", -1).node());
        i.apply(event("vigil.arp", 1).src("C6-2C-03-60-6A-64", "10.20.0.11", -1).node());
        assertThat(i.asset(SERVER_MAC).vendor()).isEqualTo("Zenitel Norway AS");
        assertThat(i.asset("C6-2C-03-60-6A-64").vendor()).as("U/L bit set: no registrant").isNull();
        assertThat(i.asset("C6-2C-03-60-6A-64").locallyAdministered()).isTrue();
    }
}
