package dev.vigil.rules.service;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Port-to-service knowledge: the guide's approved services (Tables 1 and 2) and a short list of
 * other well-known services the sensor names. {@link #name} answers in constant time from two
 * 64 Ki arrays, so flows can be labelled on the packet path.
 */
public final class ServiceCatalog {
    public static final int TCP = 6;
    public static final int UDP = 17;

    private static final String RESOURCE = "/dev/vigil/rules/guide-services.yaml";

    private final List<ApprovedService> approved;
    private final List<ApprovedService> known = new ArrayList<>();
    private final String[] tcpNames = new String[65536];
    private final String[] udpNames = new String[65536];

    private ServiceCatalog(List<ApprovedService> approved, Map<String, List<Map<String, Object>>> known) {
        this.approved = List.copyOf(approved);
        for (ApprovedService s : approved) {
            String[] names = s.transport() == TCP ? tcpNames : udpNames;
            for (int p = s.port(); p <= s.portEnd(); p++) {
                if (names[p] == null) {
                    names[p] = s.name();
                }
            }
        }
        if (known != null) {
            fill(TCP, tcpNames, known.get("tcp"));
            fill(UDP, udpNames, known.get("udp"));
        }
    }

    private void fill(int transport, String[] names, List<Map<String, Object>> rows) {
        if (rows == null) {
            return;
        }
        for (Map<String, Object> r : rows) {
            int port = ((Number) r.get("port")).intValue();
            String name = String.valueOf(r.get("name")).intern();
            known.add(new ApprovedService(transport, port, port, name, name, ""));
            if (names[port] == null) {
                names[port] = name;
            }
        }
    }

    private static final class Holder {
        static final ServiceCatalog GUIDE = load();
    }

    /** The catalog built from the hardening guide's Tables 1 and 2 (bundled resource). */
    public static ServiceCatalog guide() {
        return Holder.GUIDE;
    }

    @SuppressWarnings("unchecked")
    private static ServiceCatalog load() {
        try (InputStream in = ServiceCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<ApprovedService> list = new ArrayList<>();
            for (String t : new String[] {"tcp", "udp"}) {
                for (Map<String, Object> r : (List<Map<String, Object>>) doc.get(t)) {
                    int port = ((Number) r.get("port")).intValue();
                    Object end = r.get("port_end");
                    list.add(new ApprovedService(t.equals("tcp") ? TCP : UDP, port,
                            end == null ? port : ((Number) end).intValue(),
                            String.valueOf(r.get("service")), String.valueOf(r.get("name")).intern(),
                            String.valueOf(r.get("description"))));
                }
            }
            return new ServiceCatalog(list, (Map<String, List<Map<String, Object>>>) doc.get("known"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The guide's approved services, in the guide's order (TCP table first). */
    public List<ApprovedService> approved() {
        return approved;
    }

    /**
     * Every row the catalog has for a service name: the guide's rows first (in the guide's order,
     * e.g. {@code sip} is TCP 5060, UDP 5060 and UDP 5062 "Pulse"), else the well-known rows (named,
     * not approved by the guide); empty when the name is unknown. A policy resolves the service
     * names of its allow-lists with this.
     */
    public List<ApprovedService> byName(String name) {
        List<ApprovedService> out = new ArrayList<>();
        for (ApprovedService s : approved) {
            if (s.name().equals(name)) {
                out.add(s);
            }
        }
        if (out.isEmpty()) {
            for (ApprovedService s : known) {
                if (s.name().equals(name)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Whether the guide's Tables 1 and 2 list a service of this name. */
    public boolean inGuide(String name) {
        for (ApprovedService s : approved) {
            if (s.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The well-known services the guide's tables do not list (named so findings can say "telnet"). */
    public List<ApprovedService> known() {
        return List.copyOf(known);
    }

    /**
     * The service name of a port, or null. {@code transport} is the IP protocol number (6 or 17).
     */
    public String name(int transport, int port) {
        if (port < 0 || port > 65535) {
            return null;
        }
        if (transport == TCP) {
            return tcpNames[port];
        }
        if (transport == UDP) {
            return udpNames[port];
        }
        return null;
    }

    /**
     * Guesses a flow's application protocol from its ports: the responder's port first (it is
     * the one that listens), then the initiator's. Null when neither is known.
     */
    public String guess(int transport, int srcPort, int dstPort) {
        String n = name(transport, dstPort);
        return n != null ? n : name(transport, srcPort);
    }
}
