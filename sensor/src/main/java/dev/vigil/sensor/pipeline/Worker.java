package dev.vigil.sensor.pipeline;

import com.fasterxml.jackson.core.JsonGenerator;
import com.lmax.disruptor.EventHandler;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.PacketView;
import dev.vigil.rules.service.ServiceCatalog;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.Expectations;
import dev.vigil.sensor.app.FrameDecoder;
import dev.vigil.sensor.detect.DetectStage;
import dev.vigil.sensor.event.EventIds;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.Observer;
import dev.vigil.sensor.flow.FlowTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;

/**
 * A worker: owns one shard of the flows (packets whose flow hash maps to it), runs the
 * application decoders on them, and writes the events of its shard: {@code vigil.flow} when a
 * flow ends, {@code vigil.arp} per ARP packet, and rate-limited {@code vigil.decode} documents
 * for decode anomalies. Non-IP packets go to worker 0.
 *
 * <p>Flow timeouts run on packet time: once per second of it, idle flows are ended.
 */
final class Worker implements EventHandler<PacketSlot>, FlowTable.Listener, AppContext {
    static final String DS_FLOW = "vigil.flow";
    static final String DS_ARP = "vigil.arp";
    static final String DS_DECODE = "vigil.decode";
    static final String DS_IGMP = "vigil.igmp";
    private static final long SECOND = 1_000_000_000L;
    /** Announced flows a worker remembers at once (TFTP transfers, SDP media in progress). */
    static final int EXPECTATIONS = 1024;
    /** IPv4 addresses whose ARP announcements a worker remembers. */
    static final int ARP_TABLE_MAX = 65_536;
    static final DecodeEventType ARP_TABLE_FULL = DecodeEventType.register("arp.table_full",
            "The ARP address table is full: a new IPv4 address was not learned, so its IP-MAC conflicts go unseen.",
            DecodeEventType.KIND_OVERFLOW);

    private final int id;
    private final CountDownLatch started;
    /** Decodes packets the capture thread left undecoded (single-worker pipelines), else null. */
    private final L2L4Stage l2l4;
    private final int workers;
    private final FlowTable flows;
    private final EventWriter writer;
    private final RecordPublisher publisher;
    private final PipelineStats stats;
    private final ServiceCatalog services = ServiceCatalog.guide();
    private final AppDecoder[] apps;
    private final FrameDecoder[] frameDecoders;
    private final Expectations expectations = new Expectations(EXPECTATIONS);
    /** IPv4 address to the MAC that last announced it in ARP (for IP-MAC conflicts). */
    private final org.agrona.collections.Long2LongHashMap arpTable = new org.agrona.collections.Long2LongHashMap(-1);
    private final byte[] tcpPorts;
    private final byte[] udpPorts;
    private final DecodeRateLimiter decodeLimiter;
    /**
     * Frame of the last decode document and the event types written for it: one document per
     * frame and key (its id is made of both), however often a packet raises the same event; the
     * count by key still sees every occurrence.
     */
    private long decodeDocFrame = -1;
    private final int[] decodeDocTypes = new int[32];
    private int decodeDocTypeCount;
    private InputContext input;
    private EventIds ids;
    private long lastExpiry;
    private long now;
    private long lastCreated;
    /** A detect stage reads the records: write the internal flow-start and end-of-input records too. */
    private final boolean detecting;

    Worker(int id, int workers, PipelineConfig config, Observer observer, RecordPublisher publisher,
           PipelineStats stats, AppRegistry registry, CountDownLatch started, L2L4Stage l2l4, boolean detecting) {
        this.l2l4 = l2l4;
        this.detecting = detecting;
        this.started = started;
        this.id = id;
        this.workers = workers;
        this.flows = new FlowTable(config.flow());
        this.writer = new EventWriter(observer, config.namespace());
        this.publisher = publisher;
        this.stats = stats;
        this.apps = registry.instantiate();
        this.frameDecoders = registry.instantiateFrames();
        this.tcpPorts = AppRegistry.portTable(apps, 6);
        this.udpPorts = AppRegistry.portTable(apps, 17);
        this.decodeLimiter = new DecodeRateLimiter(config.decodeEventsBurst(), config.decodeEventsPerSecond());
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onEvent(PacketSlot slot, long sequence, boolean endOfBatch) {
        if (slot.input != input) {
            switchInput(slot.input);
        }
        if (slot.kind == PacketSlot.KIND_END_OF_INPUT) {
            flows.flushAll(FlowTable.END_EOF, this);
            for (AppDecoder a : apps) {
                a.onInputEnd(this);
            }
            publishFlowGauges();
            if (detecting) {
                writer.begin(DetectStage.END_OF_INPUT, false, now, 0, "-", 0, 0);
                writer.finish();
                publisher.publishInternal(writer, DetectStage.END_OF_INPUT, now, input == null || input.offline());
            }
            return;
        }
        // every worker sees every slot: packet time advances for all shards alike
        now = slot.timestampNanos;
        if (now - lastExpiry >= SECOND) {
            lastExpiry = now;
            flows.expire(now, this);
            for (AppDecoder a : apps) {
                a.onTime(this, now);
            }
            publishFlowGauges();
        }
        if (!slot.decoded) {
            l2l4.decode(slot);
        }
        PacketView v = slot.view;
        if (workers > 1 && Math.floorMod(shard(v), workers) != id) {
            return;
        }
        for (int i = 0; i < v.eventCount; i++) {
            writeDecodeEvent(DecodeEventType.byId(v.events[i]), slot);
        }
        if (v.arp) {
            writeArp(slot);
        }
        if (v.igmpType != 0) {
            writeIgmp(slot);
        }
        if (v.ipVersion == 0 && !v.arp && frameDecoders.length > 0) {
            for (FrameDecoder d : frameDecoders) {
                if (d.onFrame(this, slot)) {
                    break;
                }
            }
        }
        if (v.ipVersion == 0 || v.fragment) {
            // non-IP, or a fragment still waiting for the rest of its datagram
            return;
        }
        long createdBefore = flows.created();
        int flow = flows.update(v, now, slot.frame, slot.wireLength, this);
        int app = flows.appId(flow);
        boolean created = flows.created() != createdBefore;
        if (app == 0) {
            // a new flow is classified on its first packet; a TCP flow whose first packets carry
            // no data (the handshake) stays undecided until data arrives, so that heuristics
            // (TLS on any port, SIP on 6060) see a payload
            app = classify(slot, flow);
            if (app == -1 && v.ipProtocol == 6 && v.payloadLength == 0) {
                app = 0;
            }
            flows.setAppId(flow, app);
        }
        if (detecting && created) {
            // after classification, so the start names its protocol (a TFTP transfer's ports)
            writeFlow(flows, flow, 0, true);
        }
        if (app > 0) {
            apps[app - 1].onPacket(this, flow, flows.direction(), slot);
        }
    }

    /**
     * Live capture on a quiet link: the ring's wait strategy calls this when no packet came for a
     * while, so flows still end on time (packet time is wall-clock time when live).
     */
    @Override
    public void onTimeout(long sequence) {
        if (input == null || input.offline()) {
            return;
        }
        long wall = System.currentTimeMillis() * 1_000_000L;
        if (wall - lastExpiry >= SECOND) {
            lastExpiry = wall;
            flows.expire(wall, this);
            for (AppDecoder a : apps) {
                a.onTime(this, wall);
            }
        }
    }

    /**
     * The shard of a packet. UDP and TCP are sharded by the address pair alone, so that a flow
     * announced by another flow between the same hosts (a TFTP server answers from a new port, SDP
     * names RTP ports) lands on the worker that announced it, and the connections of one SIP
     * dialog between two hosts (requests each way on their own connection) meet in one worker;
     * the rest by the whole flow key.
     */
    static int shard(PacketView v) {
        if (v.ipProtocol != 17 && v.ipProtocol != 6) {
            return v.flowHash;
        }
        long x = (v.srcHi ^ v.dstHi) * 0x9E3779B97F4A7C15L ^ (v.srcLo + v.dstLo) * 0xC2B2AE3D27D4EB4FL
                ^ ((long) v.outerVlan() << 48);
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        return (int) x;
    }

    /** Picks the decoder of a new flow: destination port, then source port, then heuristics. */
    private int classify(PacketSlot slot, int flow) {
        PacketView v = slot.view;
        int expected = expectations.match(v.ipProtocol, v.srcHi, v.srcLo, v.srcPort, v.dstHi, v.dstLo, v.dstPort,
                slot.timestampNanos);
        if (expected != 0) {
            Object announced = expectations.matchedAttachment();
            if (announced != null) {
                flows.setAppState(flow, announced);
            }
            return expected;
        }
        byte[] table = v.ipProtocol == 6 ? tcpPorts : v.ipProtocol == 17 ? udpPorts : null;
        if (table != null) {
            int a = table[v.dstPort];
            if (a == 0) {
                a = table[v.srcPort];
            }
            if (a != 0) {
                return a;
            }
        }
        for (int i = 0; i < apps.length; i++) {
            if (apps[i].probe(slot)) {
                return i + 1;
            }
        }
        return -1;
    }

    private void switchInput(InputContext next) {
        input = next;
        arpTable.clear(); // each capture file is its own network
        ids = next == null ? null : new EventIds(next.key());
        lastExpiry = 0;
    }

    private void publishFlowGauges() {
        long created = flows.created();
        stats.flowsCreated.addAndGet(created - lastCreated);
        lastCreated = created;
    }

    // ---------------------------------------------------------------- flows

    @Override
    public void onFlowEnd(FlowTable t, int f, int reason) {
        int app = t.appId(f);
        if (app > 0) {
            apps[app - 1].onFlowEnd(this, f);
        }
        if (reason == FlowTable.END_EVICTED) {
            stats.flowsEvicted.incrementAndGet();
        }
        writeFlow(t, f, reason, false);
    }

    /**
     * The {@code vigil.flow} document of a flow: when it ends, or (internal, for the detect stage
     * only) at its first packet, so that a new device or port is judged at once.
     */
    private void writeFlow(FlowTable t, int f, int reason, boolean start) {
        long seq = t.lastFrame(f); // at the first packet: its frame
        String docId = start ? "-" : ids.id(DS_FLOW, seq, t.firstNanos(f), null);
        long end = start ? t.firstNanos(f) : t.lastNanos(f);
        writer.begin(DS_FLOW, false, end, seq, docId, Math.max(1, t.firstNanos(f)), end, start ? "start" : null);
        try {
            JsonGenerator g = writer.json();
            int proto = t.protocol(f);
            boolean ports = proto == 6 || proto == 17 || proto == 132;
            g.writeObjectFieldStart("source");
            writer.ipField("ip", t.srcHi(f), t.srcLo(f));
            if (ports) {
                g.writeNumberField("port", t.srcPort(f));
            }
            if (t.hasMac(f)) {
                writer.macField("mac", t.srcMac(f));
            }
            g.writeNumberField("packets", t.packets(f, 0));
            g.writeNumberField("bytes", t.bytes(f, 0));
            g.writeEndObject();
            g.writeObjectFieldStart("destination");
            writer.ipField("ip", t.dstHi(f), t.dstLo(f));
            if (ports) {
                g.writeNumberField("port", t.dstPort(f));
            }
            if (t.hasMac(f)) {
                writer.macField("mac", t.dstMac(f));
            }
            g.writeNumberField("packets", t.packets(f, 1));
            g.writeNumberField("bytes", t.bytes(f, 1));
            g.writeEndObject();
            g.writeObjectFieldStart("network");
            g.writeStringField("transport", transportName(proto));
            g.writeStringField("type", t.ipVersion(f) == 6 ? "ipv6" : "ipv4");
            g.writeStringField("iana_number", Integer.toString(proto));
            String appName = appName(t, f, proto);
            if (appName != null) {
                g.writeStringField("protocol", appName);
            }
            writeVlans(g, t.outerVlan(f), t.innerVlan(f));
            g.writeNumberField("packets", t.packets(f, 0) + t.packets(f, 1));
            g.writeNumberField("bytes", t.bytes(f, 0) + t.bytes(f, 1));
            g.writeEndObject();
            g.writeObjectFieldStart("flow");
            if (!start) {
                g.writeStringField("end_reason", FlowTable.endReasonName(reason));
            }
            if (proto == 6) {
                g.writeObjectFieldStart("tcp_flags");
                g.writeStringField("source", tcpFlagNames(t.tcpFlags(f, 0)));
                g.writeStringField("destination", tcpFlagNames(t.tcpFlags(f, 1)));
                g.writeEndObject();
            }
            if (t.fragments(f) > 0) {
                g.writeNumberField("fragments", t.fragments(f));
            }
            g.writeEndObject();
            writeInput(g, t.tunnelType(f), t.tunnelId(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        if (start) {
            publisher.publishInternal(writer, DS_FLOW, end, input.offline());
        } else {
            publisher.publish(writer, DS_FLOW, docId, end, false, input.offline());
        }
    }

    private String appName(FlowTable t, int f, int proto) {
        int app = t.appId(f);
        if (app > 0) {
            return apps[app - 1].protocol();
        }
        return services.guess(proto, t.srcPort(f), t.dstPort(f));
    }

    // ---------------------------------------------------------------- ARP

    /**
     * Remembers which MAC each IPv4 address announced in ARP and returns the previous one when
     * it changes (an IP-MAC conflict: a replaced device, a failover, or ARP spoofing), else -1.
     * Bounded: beyond {@link #ARP_TABLE_MAX} addresses new ones are not learned (counted).
     */
    private long arpConflict(PacketView v) {
        if (v.arpSenderIp == 0) {
            return -1; // ARP probe (RFC 5227): the sender has no address yet
        }
        long ip = v.arpSenderIp & 0xFFFF_FFFFL;
        long known = arpTable.get(ip);
        if (known == -1) {
            if (arpTable.size() < ARP_TABLE_MAX) {
                arpTable.put(ip, v.arpSenderMac);
            } else {
                stats.decodeEvent(ARP_TABLE_FULL.id());
            }
            return -1;
        }
        if (known != v.arpSenderMac) {
            arpTable.put(ip, v.arpSenderMac);
            return known;
        }
        return -1;
    }

    private void writeArp(PacketSlot slot) {
        PacketView v = slot.view;
        long previousMac = arpConflict(v);
        String docId = ids.id(DS_ARP, slot.frame, 0, null);
        writer.begin(DS_ARP, false, slot.timestampNanos, slot.frame, docId, 0, 0);
        try {
            JsonGenerator g = writer.json();
            g.writeObjectFieldStart("source");
            writer.macField("mac", v.arpSenderMac);
            writer.ipv4Field("ip", v.arpSenderIp);
            g.writeEndObject();
            g.writeObjectFieldStart("destination");
            writer.macField("mac", v.arpTargetMac != 0 ? v.arpTargetMac : v.dstMac);
            writer.ipv4Field("ip", v.arpTargetIp);
            g.writeEndObject();
            g.writeObjectFieldStart("arp");
            g.writeStringField("opcode", v.arpOpcode == 1 ? "request" : v.arpOpcode == 2 ? "reply"
                    : Integer.toString(v.arpOpcode));
            g.writeObjectFieldStart("sender");
            writer.macField("mac", v.arpSenderMac);
            writer.ipv4Field("ip", v.arpSenderIp);
            g.writeEndObject();
            g.writeObjectFieldStart("target");
            writer.macField("mac", v.arpTargetMac);
            writer.ipv4Field("ip", v.arpTargetIp);
            g.writeEndObject();
            g.writeBooleanField("gratuitous", v.arpSenderIp == v.arpTargetIp);
            if (previousMac >= 0) {
                g.writeBooleanField("conflict", true);
                writer.macField("previous_mac", previousMac);
            }
            g.writeEndObject();
            if (v.vlanCount > 0) {
                g.writeObjectFieldStart("network");
                writeVlans(g, v.outerVlan(), v.innerVlan());
                g.writeEndObject();
            }
            writeInput(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        publisher.publish(writer, DS_ARP, docId, slot.timestampNanos, false, input.offline());
    }

    // ---------------------------------------------------------------- IGMP

    /** One event per IGMP message: multicast group membership (who joins the audio and DIP groups). */
    private void writeIgmp(PacketSlot slot) {
        PacketView v = slot.view;
        String docId = ids.id(DS_IGMP, slot.frame, 0, null);
        writer.begin(DS_IGMP, false, slot.timestampNanos, slot.frame, docId, 0, 0);
        try {
            JsonGenerator g = writer.json();
            writer.endpoint("source", v.srcHi, v.srcLo, -1, v.hasMac, v.srcMac);
            writer.endpoint("destination", v.dstHi, v.dstLo, -1, v.hasMac, v.dstMac);
            g.writeObjectFieldStart("network");
            g.writeStringField("transport", "igmp");
            g.writeStringField("type", "ipv4");
            writeVlans(g, v.outerVlan(), v.innerVlan());
            g.writeEndObject();
            g.writeObjectFieldStart("igmp");
            g.writeStringField("type", igmpTypeName(v.igmpType));
            if (v.igmpGroup != 0) {
                writer.ipv4Field("group", v.igmpGroup);
            }
            if (v.igmpType == 0x22) {
                g.writeNumberField("records", v.igmpRecords);
            }
            g.writeEndObject();
            writeInput(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        publisher.publish(writer, DS_IGMP, docId, slot.timestampNanos, false, input.offline());
    }

    /** RFC 1112, 2236 and 3376 message types. */
    static String igmpTypeName(int type) {
        switch (type) {
            case 0x11: return "query";
            case 0x12: return "v1_report";
            case 0x16: return "v2_report";
            case 0x17: return "leave";
            case 0x22: return "v3_report";
            default: return Integer.toString(type);
        }
    }

    // ---------------------------------------------------------------- decode events

    private void writeDecodeEvent(DecodeEventType type, PacketSlot slot) {
        writeDecodeEvent(type, slot.timestampNanos, slot.frame, slot.view);
    }

    private void writeDecodeEvent(DecodeEventType type, long ts, long frame, PacketView v) {
        if (frame != decodeDocFrame) {
            decodeDocFrame = frame;
            decodeDocTypeCount = 0;
        }
        for (int i = 0; i < decodeDocTypeCount; i++) {
            if (decodeDocTypes[i] == type.id()) {
                return; // this frame's document for this key is written: same id, same content
            }
        }
        if (decodeDocTypeCount < decodeDocTypes.length) {
            decodeDocTypes[decodeDocTypeCount++] = type.id();
        }
        long suppressed = decodeLimiter.admit(type.id(), ts);
        if (suppressed < 0) {
            stats.decodeEventDocSuppressed();
            return;
        }
        String docId = ids.id(DS_DECODE, frame, 0, type.key()); // by key: type ids depend on registration order
        writer.begin(DS_DECODE, false, ts, frame, docId, 0, 0);
        try {
            JsonGenerator g = writer.json();
            if (v != null && v.ipVersion != 0) {
                boolean ports = v.hasTransport() && (v.ipProtocol == 6 || v.ipProtocol == 17 || v.ipProtocol == 132);
                writer.endpoint("source", v.srcHi, v.srcLo, ports ? v.srcPort : -1, v.hasMac, v.srcMac);
                writer.endpoint("destination", v.dstHi, v.dstLo, ports ? v.dstPort : -1, v.hasMac, v.dstMac);
                g.writeObjectFieldStart("network");
                g.writeStringField("type", v.ipVersion == 6 ? "ipv6" : "ipv4");
                if (v.ipProtocol >= 0) {
                    g.writeStringField("transport", transportName(v.ipProtocol));
                }
                writeVlans(g, v.outerVlan(), v.innerVlan());
                g.writeEndObject();
            } else if (v != null && v.hasMac) {
                g.writeObjectFieldStart("source");
                writer.macField("mac", v.srcMac);
                g.writeEndObject();
                g.writeObjectFieldStart("destination");
                writer.macField("mac", v.dstMac);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("decode");
            g.writeStringField("key", type.key());
            g.writeStringField("kind", type.kindName());
            g.writeStringField("protocol", type.protocol());
            g.writeStringField("description", type.description());
            if (suppressed > 0) {
                g.writeNumberField("suppressed", suppressed);
            }
            g.writeEndObject();
            writeInput(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        publisher.publish(writer, DS_DECODE, docId, ts, false, input.offline());
    }

    // ---------------------------------------------------------------- helpers

    private void writeVlans(JsonGenerator g, int outer, int inner) throws IOException {
        if (outer >= 0) {
            g.writeObjectFieldStart("vlan");
            g.writeStringField("id", Integer.toString(outer));
            g.writeEndObject();
            if (inner >= 0) {
                g.writeObjectFieldStart("inner");
                g.writeObjectFieldStart("vlan");
                g.writeStringField("id", Integer.toString(inner));
                g.writeEndObject();
                g.writeEndObject();
            }
        }
    }

    private void writeInput(JsonGenerator g) throws IOException {
        writeInput(g, PacketView.TUNNEL_NONE, -1);
    }

    /** The {@code vigil} object: the input file (offline) and the tunnel a flow came through. */
    private void writeInput(JsonGenerator g, int tunnelType, long tunnelId) throws IOException {
        boolean tunnel = tunnelType != PacketView.TUNNEL_NONE;
        if (!input.offline() && !tunnel) {
            return;
        }
        g.writeObjectFieldStart("vigil");
        if (input.offline()) {
            g.writeObjectFieldStart("input");
            g.writeStringField("file", input.name());
            g.writeEndObject();
        }
        if (tunnel) {
            g.writeObjectFieldStart("tunnel");
            g.writeStringField("type", TUNNEL_NAMES[Math.min(tunnelType, TUNNEL_NAMES.length - 1)]);
            if (tunnelId >= 0) {
                g.writeNumberField("id", tunnelId);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Names of {@code PacketView.TUNNEL_*}, by value; the last one stands for any newer type. */
    private static final String[] TUNNEL_NAMES = {"none", "gre", "erspan2", "erspan3", "vxlan", "ipip", "erspan1",
        "other"};

    static String transportName(int proto) {
        switch (proto) {
            case 1: return "icmp";
            case 2: return "igmp";
            case 6: return "tcp";
            case 17: return "udp";
            case 47: return "gre";
            case 50: return "esp";
            case 51: return "ah";
            case 58: return "ipv6-icmp";
            case 132: return "sctp";
            default: return Integer.toString(proto);
        }
    }

    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    private static final String[] FLAG_STRINGS = new String[256];

    static {
        for (int f = 0; f < 256; f++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 8; b++) {
                if ((f & (1 << b)) != 0) {
                    if (sb.length() > 0) {
                        sb.append(',');
                    }
                    sb.append(FLAG_NAMES[b]);
                }
            }
            FLAG_STRINGS[f] = sb.toString();
        }
    }

    static String tcpFlagNames(int flags) {
        return FLAG_STRINGS[flags & 0xFF];
    }

    // ---------------------------------------------------------------- AppContext

    @Override
    public FlowTable flows() {
        return flows;
    }

    @Override
    public EventWriter writer() {
        return writer;
    }

    @Override
    public String eventId(String dataset, long sequence, long discriminator, String extra) {
        return ids.id(dataset, sequence, discriminator, extra);
    }

    @Override
    public void begin(String dataset, long timestampNanos, long sequence, String docId) {
        writer.begin(dataset, false, timestampNanos, sequence, docId, 0, 0);
    }

    @Override
    public void emit(String dataset, String docId, long timestampNanos) {
        try {
            writeInput(writer.json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writer.finish();
        publisher.publish(writer, dataset, docId, timestampNanos, false, input.offline());
    }

    @Override
    public void decodeEvent(DecodeEventType type, long timestampNanos, long sequence) {
        stats.decodeEvent(type.id());
        writeDecodeEvent(type, timestampNanos, sequence, null);
    }

    @Override
    public void decodeEvent(DecodeEventType type, PacketSlot slot) {
        stats.decodeEvent(type.id());
        writeDecodeEvent(type, slot.timestampNanos, slot.frame, slot.view);
    }

    @Override
    public InputContext input() {
        return input;
    }

    @Override
    public void writeEndpoints(PacketSlot slot) {
        PacketView v = slot.view;
        try {
            boolean ports = v.hasTransport() && (v.ipProtocol == 6 || v.ipProtocol == 17 || v.ipProtocol == 132);
            writer.endpoint("source", v.srcHi, v.srcLo, ports ? v.srcPort : -1, v.hasMac, v.srcMac);
            writer.endpoint("destination", v.dstHi, v.dstLo, ports ? v.dstPort : -1, v.hasMac, v.dstMac);
            JsonGenerator g = writer.json();
            g.writeObjectFieldStart("network");
            if (v.ipProtocol >= 0) {
                g.writeStringField("transport", transportName(v.ipProtocol));
            }
            g.writeStringField("type", v.ipVersion == 6 ? "ipv6" : "ipv4");
            writeVlans(g, v.outerVlan(), v.innerVlan());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void writeFlowEndpoints(int f, int direction) {
        FlowTable t = flows;
        boolean fwd = direction == 0;
        int proto = t.protocol(f);
        boolean ports = proto == 6 || proto == 17 || proto == 132;
        try {
            writer.endpoint("source", fwd ? t.srcHi(f) : t.dstHi(f), fwd ? t.srcLo(f) : t.dstLo(f),
                    ports ? (fwd ? t.srcPort(f) : t.dstPort(f)) : -1, t.hasMac(f), fwd ? t.srcMac(f) : t.dstMac(f));
            writer.endpoint("destination", fwd ? t.dstHi(f) : t.srcHi(f), fwd ? t.dstLo(f) : t.srcLo(f),
                    ports ? (fwd ? t.dstPort(f) : t.srcPort(f)) : -1, t.hasMac(f), fwd ? t.dstMac(f) : t.srcMac(f));
            JsonGenerator g = writer.json();
            g.writeObjectFieldStart("network");
            g.writeStringField("transport", transportName(proto));
            g.writeStringField("type", t.ipVersion(f) == 6 ? "ipv6" : "ipv4");
            writeVlans(g, t.outerVlan(f), t.innerVlan(f));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public AppDecoder decoder(String protocol) {
        for (AppDecoder a : apps) {
            if (a.protocol().equals(protocol)) {
                return a;
            }
        }
        return null;
    }

    @Override
    public void expect(AppDecoder decoder, int transport, long hostHi, long hostLo, long peerHi, long peerLo,
                       int peerPort, long untilNanos, Object attachment) {
        for (int i = 0; i < apps.length; i++) {
            if (apps[i] == decoder) {
                expectations.add(i + 1, transport, hostHi, hostLo, peerHi, peerLo, peerPort, untilNanos,
                        attachment);
                return;
            }
        }
        throw new IllegalArgumentException("not a decoder of this worker: " + decoder.protocol());
    }
}
