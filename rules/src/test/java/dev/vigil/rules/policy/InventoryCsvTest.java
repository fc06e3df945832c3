package dev.vigil.rules.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryCsvTest {
    static List<String> problems(String csv) {
        try {
            InventoryCsv.parse(csv, "inv.csv");
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("expected the inventory to be rejected");
    }

    @Test
    void aSpreadsheetExportLoads() throws PolicyException {
        String csv = "\uFEFFmac,ip,name,role\r\n"
                + "00:13:CB:14:01:01,10.20.0.101,Main Entrance,station\r\n"
                + "\r\n"
                + "0013.cb14.0102,,\"Gate 2, north\",station\r\n"
                + ",10.20.0.121,\"The \"\"red\"\" phone\",PHONE\r\n"
                + "00-13-cb-14-00-0a, 10.20.0.10 ,\"icx\nalphacom\",server\r\n";
        List<InventoryEntry> e = InventoryCsv.parse(csv, "inv.csv");
        assertThat(e).hasSize(4);
        assertThat(e.get(0).mac()).isEqualTo("00-13-CB-14-01-01");
        assertThat(e.get(0).origin().toString()).isEqualTo("inv.csv:2");
        assertThat(e.get(1).ip()).isNull();
        assertThat(e.get(1).name()).isEqualTo("Gate 2, north");
        assertThat(e.get(1).origin().line()).isEqualTo(4);
        assertThat(e.get(2).mac()).isNull();
        assertThat(e.get(2).role()).isEqualTo(Role.PHONE);
        assertThat(e.get(2).name()).isEqualTo("The \"red\" phone");
        assertThat(e.get(3).ip()).isEqualTo("10.20.0.10");
        assertThat(e.get(3).origin().line()).isEqualTo(6);
    }

    @Test
    void theHeaderMustBeExact() {
        assertThat(problems("mac,ip,role,name\n")).containsExactly(
                "inv.csv:1: the header must be exactly 'mac,ip,name,role', not 'mac,ip,role,name'");
        assertThat(problems("")).containsExactly("inv.csv:1: empty file; the first line must be 'mac,ip,name,role'");
    }

    @Test
    void everyBadRowIsReportedWithItsLine() {
        List<String> p = problems("""
                mac,ip,name,role
                ,,nobody,station
                00:13:cb:14:01,10.20.0.5,short mac,station
                00:13:cb:14:01:07,10.20.0.256,bad ip,station
                00:13:cb:14:01:08,10.20.0.8,no role,
                00:13:cb:14:01:09,10.20.0.9,guard,guard
                00:13:cb:14:01:0a,10.20.0.10
                00:13:cb:14:01:0b,10.20.0.11,first,station
                00:13:cb:14:01:0b,10.20.0.12,second,station
                ff:ff:ff:ff:ff:ff,,broadcast,other
                """);
        assertThat(p).containsExactly(
                "inv.csv:2: mac and ip are both empty; give one or both",
                "inv.csv:3: '00:13:cb:14:01' is not a MAC address",
                "inv.csv:4: '10.20.0.256' is not an IP address",
                "inv.csv:5: role is empty (server, station, phone, management, other)",
                "inv.csv:6: unknown role 'guard' (server, station, phone, management, other)",
                "inv.csv:7: expected 4 columns (mac,ip,name,role), found 2",
                "inv.csv:9: MAC 00-13-CB-14-01-0B is already authorized at inv.csv:8",
                "inv.csv:10: FF-FF-FF-FF-FF-FF is a group or zero MAC address, not one device");
    }

    @Test
    void devicesAlreadyInThePolicyAreConflictsNamingBothPlaces() throws PolicyException {
        Policy p = PolicyLoader.parse("inventory: [{mac: \"00:13:cb:14:01:01\", role: station}]\n", "site.yaml");
        List<InventoryEntry> csv = InventoryCsv.parse("mac,ip,name,role\n00:13:CB:14:01:01,,x,station\n", "inv.csv");
        assertThatThrownBy(() -> p.withInventory(csv)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("inv.csv:2: MAC 00-13-CB-14-01-01 is already authorized at site.yaml:1:13");
        Policy merged = p.withInventory(InventoryCsv.parse("mac,ip,name,role\n,10.20.0.9,x,other\n", "inv.csv"));
        assertThat(merged.inventory()).hasSize(2);
        assertThat(p.inventory()).hasSize(1);
    }
}
