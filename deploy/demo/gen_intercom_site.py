#!/usr/bin/env python3
"""Generate vigil's bundled demo capture: one minute of a small IP intercom site.

    gen_intercom_site.py [--seed N] [--out FILE.pcap] [--truth FILE.truth.json]

Writes a classic libpcap file (magic a1b2c3d4, microsecond timestamps, LINKTYPE_ETHERNET)
and a JSON sidecar with the exact counts of what was written. Python 3 standard library
only; every frame is built with struct. All randomness comes from random.Random(seed) and
the capture starts at the fixed time 2026-03-02T08:00:00Z, so the same seed always gives
byte-identical files. See README.md next to this script for the scenario.

Wire formats follow the RFCs named at each builder. The vendor-specific parts (DIP text
messages, the UDP 5002 discovery payload) use only what the team's vendor facts file
(shared/protocols/zenitel-facts.md) describes: documented DIP command words with hex
numbers, dotted IPs and quoted strings; everything else there (the station's `stu` and
`ping` parameters, the discovery payload layout, version strings) is plausible placeholder
text, not a claim about real devices.
"""
import argparse
import base64
import bisect
import calendar
import hashlib
import json
import math
import os
import random
import struct
import time

GENERATOR_VERSION = "1.0"
DEFAULT_SEED = 20260302
START = calendar.timegm((2026, 3, 2, 8, 0, 0, 0, 0, 0))  # 2026-03-02T08:00:00Z
DURATION = 60_000_000  # us
NTP_EPOCH_OFFSET = 2208988800
VLAN_ID = 20  # intercom VLAN, tagged on frames to/from the remote access switch

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "..", "sensor", "src", "main", "resources",
                                            "demo", "intercom-site.pcap"))

ETH_IP, ETH_ARP, ETH_VLAN = 0x0800, 0x0806, 0x8100
P_IGMP, P_TCP, P_UDP = 2, 6, 17
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
TOS_EF, TOS_CS3 = 0xB8, 0x60  # DSCP EF for media, CS3 for signalling

# UDP payload sizes that Wireshark's ADwin heuristic claims; opaque payloads avoid them.
ADWIN_SIZES = {22, 52, 92, 96, 100, 432}


# ============================================================== helpers: addresses, checksum
def ipb(s):
    return bytes(int(x) for x in s.split("."))


def macb(s):
    return bytes.fromhex(s.replace(":", ""))


def mcast_mac(ip):
    """RFC 1112 section 6.4: 01:00:5e + low 23 bits of the group address."""
    b = ipb(ip)
    return bytes((0x01, 0x00, 0x5E, b[1] & 0x7F, b[2], b[3]))


def csum16(data):
    """RFC 1071 Internet checksum."""
    if len(data) & 1:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def iso_ts(t_us, digits=3):
    sec = START + t_us // 1_000_000
    y, mo, d, h, mi, s = time.gmtime(sec)[:6]
    frac = "%06d" % (t_us % 1_000_000)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%sZ" % (y, mo, d, h, mi, s, frac[:digits])


def ntp64(t_us):
    """RFC 5905 64-bit timestamp of capture time t_us."""
    sec = START + NTP_EPOCH_OFFSET + t_us // 1_000_000
    frac = ((t_us % 1_000_000) << 32) // 1_000_000
    return (sec << 32) | frac


class Host:
    """A device (or a group/broadcast address, role 'group')."""

    def __init__(self, key, role, name, mac, ip, ttl=64, vlan=False, **info):
        self.key, self.role, self.name = key, role, name
        self.mac_s, self.mac = mac.lower(), macb(mac)
        self.ip, self.ipb = ip, ipb(ip)
        self.ttl, self.vlan = ttl, vlan
        self.ipid = 0
        self.info = info


# ============================================================== the generator
class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random(seed)
        self.ev = []  # (t_us, order, frame, category, label)
        self.known = {}  # (host key, peer key) -> time the host learned the peer's MAC
        self.t = {}
        self.truth = {}
        self.streams = []
        self.tcp_sessions = []
        for h in self.hosts():
            h.ipid = self.rng.randrange(65536)

    # ---------------------------------------------------------- hosts
    def hosts(self):
        if hasattr(self, "_hosts"):
            return self._hosts
        H = []
        self.server = Host("server", "intercom_server", "icx-alphacom", "00:13:CB:14:00:0A", "10.20.0.10",
                           model="ICX-AlphaCom", fw="11.2.3.2")
        H.append(self.server)
        # stations: (suffix, name, firmware, mode); 104-106 sit behind the 802.1Q trunk
        st_def = [(101, "Main Entrance", "7.6.3.2", "dip"), (102, "Gate 2", "7.6.3.2", "dip"),
                  (103, "Reception", "7.6.3.2", "dip"), (104, "Parking P1", "7.6.3.2", "dip"),
                  (105, "Loading Dock", "5.2.3.1", "dip"), (106, "Door 106", "7.6.3.2", "sip")]
        self.stations = []
        for n, name, fw, mode in st_def:
            h = Host("st%d" % n, "intercom_station", name, "00:13:CB:14:01:%02X" % (n - 100),
                     "10.20.0.%d" % n, vlan=n >= 104, dirno=str(n), phy=n - 100, fw=fw, mode=mode,
                     model="IP Station")
            self.stations.append(h)
            H.append(h)
        self.st = {h.info["dirno"]: h for h in self.stations}
        self.phone1 = Host("phone1", "sip_phone", "reception-phone", "80:5E:C0:5A:21:01", "10.20.0.121",
                           ext="201", ua="Yealink SIP-T54W 96.86.0.100")
        self.phone2 = Host("phone2", "sip_phone", "security-phone", "80:5E:C0:5A:21:02", "10.20.0.122",
                           ext="202", ua="Yealink SIP-T46U 108.86.0.20")
        self.mgmt = Host("mgmt", "management_pc", "mgmt-pc", "6C:2B:59:3E:8A:17", "10.20.0.50", ttl=128)
        self.ntp = Host("ntp", "ntp_server", "ntp", "EC:46:70:01:2C:33", "10.20.0.2")
        self.syslog = Host("syslog", "syslog_server", "syslog", "0C:C4:7A:5D:90:03", "10.20.0.3")
        self.unknown = Host("unknown", "unknown", "unknown", "A4:F2:E0:7B:19:C4", "10.20.0.66")
        H += [self.phone1, self.phone2, self.mgmt, self.ntp, self.syslog, self.unknown]
        self.bcast = Host("bcast", "group", "broadcast", "FF:FF:FF:FF:FF:FF", "255.255.255.255")
        self.g_dip = Host("g_dip", "group", "dip-mcast", mcast_mac("239.192.1.0").hex(":"), "239.192.1.0")
        self.g_aud = Host("g_aud", "group", "group-audio", mcast_mac("239.192.1.1").hex(":"), "239.192.1.1")
        self.g_routers = Host("g_rtr", "group", "all-routers", mcast_mac("224.0.0.2").hex(":"), "224.0.0.2")
        self._hosts = H
        return H

    # ---------------------------------------------------------- output
    def emit(self, t, frame, cat, label=""):
        if not 0 <= t < DURATION:
            raise ValueError("frame time %d out of the capture window (%s %s)" % (t, cat, label))
        self.ev.append((t, len(self.ev), frame, cat, label))

    def r(self, a, b):
        return self.rng.randint(a, b)

    # ---------------------------------------------------------- layer 2/3/4 builders
    def eth(self, src, dst, ethertype, payload, pcp=0, dst_mac=None):
        """Ethernet II; IEEE 802.1Q tag (VID 20) when either end sits behind the trunk."""
        dmac = dst_mac if dst_mac is not None else dst.mac
        if src.vlan or dst.vlan:
            hdr = dmac + src.mac + struct.pack("!HHH", ETH_VLAN, (pcp << 13) | VLAN_ID, ethertype)
            minlen = 64
        else:
            hdr = dmac + src.mac + struct.pack("!H", ethertype)
            minlen = 60
        f = hdr + payload
        return f + bytes(max(0, minlen - len(f)))

    def ip(self, src, dst, proto, payload, tos=0, ttl=None, df=True, opts=b"", src_ipb=None):
        """RFC 791 header with checksum; per-host incrementing Identification."""
        ihl = 5 + len(opts) // 4
        src.ipid = (src.ipid + 1) & 0xFFFF
        h = bytearray(struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, ihl * 4 + len(payload), src.ipid,
                                  0x4000 if df else 0, src.ttl if ttl is None else ttl, proto, 0,
                                  src.ipb if src_ipb is None else src_ipb, dst.ipb) + opts)
        struct.pack_into("!H", h, 10, csum16(bytes(h)))
        return bytes(h) + payload

    def udp_frame(self, src, dst, sport, dport, payload, tos=0, pcp=0, ttl=None, df=False,
                  src_ipb=None, dst_mac=None):
        """RFC 768 datagram, checksum over the pseudo-header."""
        sip_ = src.ipb if src_ipb is None else src_ipb
        ulen = 8 + len(payload)
        c = csum16(sip_ + dst.ipb + struct.pack("!BBHHHHH", 0, P_UDP, ulen, sport, dport, ulen, 0) + payload)
        u = struct.pack("!HHHH", sport, dport, ulen, c or 0xFFFF) + payload
        return self.eth(src, dst, ETH_IP, self.ip(src, dst, P_UDP, u, tos, ttl, df, src_ipb=src_ipb),
                        pcp, dst_mac)

    def udp(self, t, src, dst, sport, dport, payload, cat, label="", **kw):
        self.emit(t, self.udp_frame(src, dst, sport, dport, payload, **kw), cat, label)
        return t

    def uu(self, t, src, dst, sport, dport, payload, cat, label="", **kw):
        """Unicast UDP, resolving the destination with ARP first when the sender needs to."""
        t = self.resolve(t, src, dst)
        return self.udp(t, src, dst, sport, dport, payload, cat, label, **kw)

    # ---------------------------------------------------------- ARP (RFC 826, RFC 5227)
    def arp_frame(self, src, dst, op, sha, spa, tha, tpa, dst_mac):
        body = struct.pack("!HHBBH6s4s6s4s", 1, ETH_IP, 6, 4, op, sha, spa, tha, tpa)
        return self.eth(src, dst, ETH_ARP, body, dst_mac=dst_mac)

    def arp_request(self, t, a, target_ipb, label="request"):
        self.emit(t, self.arp_frame(a, self.bcast, 1, a.mac, a.ipb, bytes(6), target_ipb, self.bcast.mac),
                  "arp", label)

    def arp_reply(self, t, b, a):
        self.emit(t, self.arp_frame(b, a, 2, b.mac, b.ipb, a.mac, a.ipb, a.mac), "arp", "reply")

    def learn(self, t, a, b):
        """a learns b's MAC at time t (keeps the earliest time)."""
        k = (a.key, b.key)
        if k not in self.known or self.known[k] > t:
            self.known[k] = t

    def resolve(self, t, a, b):
        """If a has no ARP entry for b: request, reply; both sides learn each other.

        Flows are generated one after another, not in time order, so an entry learned by a
        flow generated earlier but happening later would be wrong here: that is an error in
        the scenario's generation order and is reported, not papered over."""
        if b.role == "group":
            return t
        k = (a.key, b.key)
        if k in self.known:
            if self.known[k] > t:
                raise RuntimeError("ARP order: %s learned %s at %d, needed at %d" % (a.ip, b.ip, self.known[k], t))
            return t
        self.arp_request(t, a, b.ipb)
        t += self.r(180, 900)
        self.arp_reply(t, b, a)
        self.learn(t - 1, b, a)
        self.learn(t, a, b)
        return t + self.r(60, 300)

    # ---------------------------------------------------------- IGMPv2 (RFC 2236)
    def igmp(self, t, h, typ, group):
        dst = self.g_routers if typ == 0x17 else group
        msg = bytearray(struct.pack("!BBH4s", typ, 0, 0, group.ipb))
        struct.pack_into("!H", msg, 2, csum16(bytes(msg)))
        # TTL 1 and the Router Alert option (RFC 2113), as RFC 2236 section 2 requires
        pkt = self.ip(h, dst, P_IGMP, bytes(msg), tos=0xC0, ttl=1, df=False, opts=b"\x94\x04\x00\x00")
        self.emit(t, self.eth(h, dst, ETH_IP, pkt), "igmp", "v2_report" if typ == 0x16 else "v2_leave")

    def igmp_join(self, t, h, group):
        """Unsolicited reports are sent twice (RFC 2236 section 3)."""
        self.igmp(t, h, 0x16, group)
        self.igmp(t + self.r(400_000, 1_800_000), h, 0x16, group)

    # ---------------------------------------------------------- pcap writer
    def write(self, path):
        self.ev.sort(key=lambda e: (e[0], e[1]))
        out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for t, _, frame, _, _ in self.ev:
            sec = START + t // 1_000_000
            out += struct.pack("<IIII", sec, t % 1_000_000, len(frame), len(frame))
            out += frame
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as f:
            f.write(out)
        return bytes(out)


# ============================================================== TCP (RFC 9293)
class Tcp:
    """One TCP connection with exact sequence/acknowledgement bookkeeping."""
    MSS_SACK = b"\x02\x04\x05\xb4\x01\x01\x04\x02"  # MSS 1460, NOP, NOP, SACK permitted

    def __init__(self, g, cli, srv, cport, sport, cat, wins=(64240, 29200), tos=0, pcp=0, note=""):
        self.g, self.h, self.p, self.cat = g, (cli, srv), (cport, sport), cat
        self.isn = [g.rng.getrandbits(32), g.rng.getrandbits(32)]
        self.nxt = list(self.isn)
        self.last_ack = [None, None]
        self.wins, self.tos, self.pcp = wins, tos, pcp
        self.pending = [None, None]  # due time of a delayed pure ACK, per side
        self.last_t = -1
        self.rec = {"client": cli.ip, "server": srv.ip, "client_port": cport, "server_port": sport,
                    "category": cat, "packets": 0, "payload_bytes": [0, 0], "note": note}
        g.tcp_sessions.append(self.rec)

    def seg(self, t, side, flags, data=b"", opts=b"", label=""):
        g = self.g
        src, dst = self.h[side], self.h[1 - side]
        t = g.resolve(max(t, self.last_t + g.r(40, 120)), src, dst)
        self.last_t = t
        seq = self.nxt[side]
        ack = self.nxt[1 - side] if flags & ACK else 0
        hl = 20 + len(opts)
        th = bytearray(struct.pack("!HHIIBBHHH", self.p[side], self.p[1 - side], seq, ack, (hl // 4) << 4,
                                   flags, self.wins[side], 0, 0) + opts)
        ps = src.ipb + dst.ipb + struct.pack("!BBH", 0, P_TCP, hl + len(data))
        struct.pack_into("!H", th, 16, csum16(ps + bytes(th) + data))
        pkt = g.ip(src, dst, P_TCP, bytes(th) + data, tos=self.tos)
        g.emit(t, g.eth(src, dst, ETH_IP, pkt, self.pcp), self.cat, label)
        self.nxt[side] = (seq + len(data) + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF
        if flags & ACK:
            self.last_ack[side] = ack
            self.pending[side] = None
        self.rec["packets"] += 1
        self.rec["payload_bytes"][side] += len(data)
        return t

    def open(self, t):
        """Three-way handshake; returns the time of the final ACK."""
        t = self.seg(t, 0, SYN, opts=self.MSS_SACK, label="syn")
        t = self.seg(t + self.g.r(120, 600), 1, SYN | ACK, opts=self.MSS_SACK, label="syn_ack")
        return self.seg(t + self.g.r(60, 300), 0, ACK, label="ack")

    def flush(self, until=None):
        """Emit due delayed ACKs (all of them when until is None), in time order."""
        while True:
            due = [(self.pending[s], s) for s in (0, 1) if self.pending[s] is not None
                   and (until is None or self.pending[s] <= until)]
            if not due:
                return
            tt, s = min(due)
            self.pending[s] = None
            if self.last_ack[s] != self.nxt[1 - s]:
                self.seg(tt, s, ACK, label="ack")

    def send(self, t, side, data, label="", ack_delay=(25_000, 45_000)):
        """A data segment; the peer ACKs after a delayed-ACK interval unless it answers first."""
        self.flush(t)
        t = self.seg(t, side, PSH | ACK, data, label=label)
        self.pending[1 - side] = t + self.g.r(*ack_delay)
        return t

    def close(self, t, side):
        """FIN from side, FIN+ACK from the peer, final ACK."""
        self.flush(t)
        t = self.seg(t, side, FIN | ACK, label="fin")
        t = self.seg(t + self.g.r(150, 900), 1 - side, FIN | ACK, label="fin")
        return self.seg(t + self.g.r(80, 400), side, ACK, label="ack")


# ============================================================== G.711 audio
def lin2ulaw(x):
    """ITU-T G.711 mu-law encoder for a 16-bit linear sample."""
    sign = 0
    if x < 0:
        sign, x = 0x80, -x
    x = min(x, 32635) + 0x84
    exp = max(0, min(7, x.bit_length() - 8))
    return ~(sign | (exp << 4) | ((x >> (exp + 3)) & 0x0F)) & 0xFF


def audio_pool(rng, n=150):
    """Speech-like 20 ms frames: voiced bursts with harmonics, pauses with room noise."""
    frames = []
    env_phase = rng.uniform(0, 6.28)
    f0 = rng.uniform(110, 210)
    for k in range(n):
        env = max(0.0, math.sin(env_phase + k * 0.23)) ** 2
        amp = 200 + 5000 * env
        samples = []
        for i in range(160):
            tt = (k * 160 + i) / 8000.0
            v = (amp * math.sin(6.2832 * f0 * tt) + 0.5 * amp * math.sin(6.2832 * 2 * f0 * tt + 1.0)
                 + 0.25 * amp * math.sin(6.2832 * 3 * f0 * tt + 2.0) + rng.gauss(0, 40 + amp * 0.05))
            samples.append(lin2ulaw(int(v)))
        frames.append(bytes(samples))
    return frames


# ============================================================== RTP / RTCP (RFC 3550)
class RtpStream:
    def __init__(self, g, src, dst, sport, dport, t0, t1, kind, note, n_lost, pcp=5, ttl=None,
                 ptt=None):
        rng = g.rng
        self.g, self.src, self.dst, self.sport, self.dport = g, src, dst, sport, dport
        self.kind, self.note = kind, note
        self.ssrc = rng.getrandbits(32)
        self.seq0 = rng.randrange(1, 40000)
        self.ts0 = rng.getrandbits(31)
        self.t0 = g.resolve(t0, src, dst)
        n = (t1 - self.t0) // 20_000
        lost = set(rng.sample(range(10, n - 10), n_lost)) if n_lost else set()
        pool = audio_pool(rng, 150)
        self.sent_times = []  # nominal send times of every packet (lost ones included)
        self.arr_t, self.arr_idx, self.arr_jit = [], [], []
        prev_t = -1
        jit = 0.0
        prev_transit = None
        for i in range(n):
            t_nom = self.t0 + i * 20_000
            self.sent_times.append(t_nom)
            d = rng.gauss(0, 350)
            if rng.random() < 0.02:
                d += rng.randint(2_000, 9_000)  # queueing spike
            t = int(t_nom + max(-3_000, d))
            t = max(t, prev_t + 150)
            if i in lost:
                continue
            prev_t = t
            marker = 0x80 if i == 0 else 0
            ts = (self.ts0 + 160 * i) & 0xFFFFFFFF
            rtp = struct.pack("!BBHII", 0x80, marker | 0, (self.seq0 + i) & 0xFFFF, ts, self.ssrc)
            payload = pool[(i + self.ssrc) % len(pool)]
            g.udp(t, src, dst, sport, dport, rtp + payload, "rtp", kind, tos=TOS_EF, pcp=pcp, ttl=ttl)
            # interarrival jitter, RFC 3550 section 6.4.1 and A.8 (in timestamp units)
            transit = t * 8 // 1000 - ts
            if prev_transit is not None:
                jit += (abs(transit - prev_transit) - jit) / 16.0
            prev_transit = transit
            self.arr_t.append(t)
            self.arr_idx.append(i)
            self.arr_jit.append(jit)
        self.t_end = prev_t
        self.n_sent = n
        self.lost = len(lost)
        self.last_sr = []  # (arrival time at receiver, middle 32 bits of NTP) of SRs about this stream
        self.rr_prev = (0, 0)  # (expected, received) at the previous report block
        g.streams.append(self)

    def truth(self):
        return {"kind": self.kind, "note": self.note, "ssrc": "0x%08X" % self.ssrc, "payload_type": 0,
                "src": self.src.ip, "src_port": self.sport, "dst": self.dst.ip, "dst_port": self.dport,
                "packets": len(self.arr_t), "lost": self.lost, "expected": self.n_sent,
                "first_seq": self.seq0 & 0xFFFF, "last_seq": (self.seq0 + self.n_sent - 1) & 0xFFFF,
                "first_time_offset_us": self.arr_t[0], "last_time_offset_us": self.arr_t[-1]}

    def sender_state(self, t):
        """(packets sent, RTP timestamp now) as the sender knows them at time t."""
        k = bisect.bisect_right(self.sent_times, t)
        return k, (self.ts0 + (t - self.t0) * 8 // 1000) & 0xFFFFFFFF

    def report_block(self, t):
        """Report block about this stream as its receiver sees it at time t (RFC 3550 6.4.1)."""
        k = bisect.bisect_left(self.arr_t, t)
        if k == 0:
            return None
        highest = self.arr_idx[k - 1]
        expected, received = highest + 1, k
        lost = expected - received
        e_int, r_int = expected - self.rr_prev[0], received - self.rr_prev[1]
        self.rr_prev = (expected, received)
        frac = 0 if e_int <= 0 or e_int - r_int <= 0 else ((e_int - r_int) << 8) // e_int
        lsr, dlsr = 0, 0
        for at, mid in self.last_sr:
            if at < t:
                lsr, dlsr = mid, ((t - at) * 65536) // 1_000_000
        ext_seq = (self.seq0 + highest) & 0xFFFFFFFF
        return struct.pack("!IB3sIIII", self.ssrc, frac, (lost & 0xFFFFFF).to_bytes(3, "big"), ext_seq,
                           int(self.arr_jit[k - 1]), lsr, dlsr)


def rtcp_sessions(g, parts):
    """RTCP of the participants of one session, generated in time order so that each
    report block can quote the peer's latest SR (LSR/DLSR, RFC 3550 section 6.4.1).

    parts: (t_first, t_last, host, dst, sport, dport, own stream or None, received stream or None,
    cname). A participant sends an SR while it sends RTP, an RR otherwise, each compounded
    with an SDES CNAME chunk."""
    sched = []
    for k, (t0, t1, host, dst, sport, dport, own, recv, cname) in enumerate(parts):
        ssrc = own.ssrc if own is not None else g.rng.getrandbits(32)
        t = t0
        while t < t1:
            sched.append((t, k, ssrc))
            t += g.r(4_300_000, 5_700_000)
    for t, k, ssrc in sorted(sched):
        t0, t1, host, dst, sport, dport, own, recv, cname = parts[k]
        sending = own is not None and own.t0 <= t <= own.t_end
        rb = recv.report_block(t) if recv is not None else None
        rc = 1 if rb else 0
        if sending:
            ntp = ntp64(t)
            pk, ts = own.sender_state(t)
            first = struct.pack("!BBHIQIII", 0x80 | rc, 200, 6 + 6 * rc, ssrc, ntp, ts, pk, pk * 160)
            own.last_sr.append((t + g.r(150, 900), (ntp >> 16) & 0xFFFFFFFF))
            label = "SR"
        else:
            first = struct.pack("!BBHI", 0x80 | rc, 201, 1 + 6 * rc, ssrc)
            label = "RR"
        c = cname.encode()
        chunk = struct.pack("!IBB", ssrc, 1, len(c)) + c + b"\0"
        chunk += bytes((-len(chunk)) % 4)
        sdes = struct.pack("!BBH", 0x81, 202, len(chunk) // 4) + chunk
        g.udp(t, host, dst, sport, dport, first + (rb or b"") + sdes, "rtcp", label, tos=TOS_EF,
              pcp=5, ttl=8 if dst.role == "group" else None)
        g.truth["rtcp"][label] += 1


# ============================================================== SIP (RFC 3261) and SDP (RFC 4566)
def sip_msg(first, headers, body=b""):
    lines = [first] + ["%s: %s" % hv for hv in headers] + ["Content-Length: %d" % len(body)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def md5(s):
    return hashlib.md5(s.encode()).hexdigest()


# ============================================================== SNMP BER (RFC 3416, X.690)
def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        ln = bytes((n,))
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        ln = bytes((0x80 | len(b),)) + b
    return bytes((tag,)) + ln + content


def ber_int(v, tag=0x02):
    n = max(1, (v.bit_length() + 8) // 8)  # two's complement, minimal, sign bit clear for v >= 0
    return tlv(tag, v.to_bytes(n, "big", signed=True))


def ber_uint(v, tag):
    """Unsigned application types (TimeTicks): a leading 0x00 when the top bit is set."""
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\0" + b
    return tlv(tag, b)


def ber_oid(oid):
    arcs = [int(x) for x in oid.split(".")]
    out = bytearray((40 * arcs[0] + arcs[1],))
    for a in arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def snmp_v2c(community, pdu_tag, reqid, varbinds, err=0, idx=0):
    vbl = tlv(0x30, b"".join(tlv(0x30, ber_oid(o) + v) for o, v in varbinds))
    pdu = tlv(pdu_tag, ber_int(reqid) + ber_int(err) + ber_int(idx) + vbl)
    return tlv(0x30, ber_int(1) + tlv(0x04, community.encode()) + pdu)


# ============================================================== X.509 / TLS 1.2 (RFC 5246, 5280)
def der_name(cn, org):
    def rdn(oid, val, tag):
        return tlv(0x31, tlv(0x30, ber_oid(oid) + tlv(tag, val.encode())))
    return tlv(0x30, rdn("2.5.4.6", "NO", 0x13) + rdn("2.5.4.10", org, 0x0C) + rdn("2.5.4.3", cn, 0x0C))


def self_signed_cert(rng, cn, org):
    """A syntactically valid self-signed X.509 v3 certificate (random key and signature bytes)."""
    sha256rsa = tlv(0x30, ber_oid("1.2.840.113549.1.1.11") + b"\x05\x00")
    modulus = bytearray(rng.getrandbits(8) for _ in range(256))
    modulus[0] |= 0x80
    modulus[-1] |= 1
    rsa_pub = tlv(0x30, tlv(0x02, b"\0" + bytes(modulus)) + ber_int(65537))
    spki = tlv(0x30, tlv(0x30, ber_oid("1.2.840.113549.1.1.1") + b"\x05\x00") + tlv(0x03, b"\0" + rsa_pub))
    validity = tlv(0x30, tlv(0x17, b"250115000000Z") + tlv(0x17, b"350113000000Z"))
    san = tlv(0x30, ber_oid("2.5.29.17") + tlv(0x04, tlv(0x30, tlv(0x82, cn.encode()))))
    exts = tlv(0xA3, tlv(0x30, san))
    name = der_name(cn, org)
    tbs = tlv(0x30, tlv(0xA0, ber_int(2)) + ber_int(rng.getrandbits(63) | 1) + sha256rsa + name + validity
              + name + spki + exts)
    sig = bytes(rng.getrandbits(8) for _ in range(256))
    return tlv(0x30, tbs + sha256rsa + tlv(0x03, b"\0" + sig))


def tls_record(ctype, body, ver=0x0303):
    return struct.pack("!BHH", ctype, ver, len(body)) + body


def hs(mtype, body):
    return struct.pack("!B", mtype) + len(body).to_bytes(3, "big") + body


def ext(etype, body):
    return struct.pack("!HH", etype, len(body)) + body


# ============================================================== the scenario
class Scenario:
    def __init__(self, seed):
        self.g = g = Gen(seed)
        g.truth = {
            "rtcp": {"SR": 0, "RR": 0},
            "dip": {"tcp_messages_by_command": {}, "tcp_messages_station_to_server": 0,
                    "tcp_messages_server_to_station": 0, "multicast_messages_by_command": {},
                    "stations_registered": []},
            "sip": {"requests_by_method": {}, "responses_by_status": {}, "transport": "udp/5060",
                    "registrations": [], "calls": []},
            "dhcp": {}, "snmp": {}, "tftp": {}, "ntp": {"clients": []}, "syslog": {"messages": 0},
            "http": {"requests": 0, "responses_by_status": {}, "basic_auth": []},
            "discovery": {"by_sender": {}}, "igmp": {}, "tls": {},
        }
        self.syslog_q = []

    # ---------------------------------------------------------- small utilities
    def count(self, d, key, n=1):
        d[key] = d.get(key, 0) + n

    def eport(self, lo=49152, hi=60999):
        if not hasattr(self, "_used_ports"):
            self._used_ports = set()
        while True:
            p = self.g.r(lo, hi)
            if p not in self._used_ports:
                self._used_ports.add(p)
                return p

    def log(self, t, severity, msgid, text):
        """Queue a syslog line from the server (sent later, so ARP ordering stays right)."""
        self.syslog_q.append((t, severity, msgid, text))

    # ---------------------------------------------------------- run
    def run(self):
        g = self.g
        self.boot_server(0)
        self.discovery_rounds()
        for dirno, t in (("102", 1_050_000), ("103", 1_420_000), ("104", 1_810_000), ("105", 2_300_000)):
            self.dip_plan(g.st[dirno], t)
        self.station_boot(g.st["101"], 3_900_000)
        self.sip_register(g.phone1, 2_150_000, "udp")
        self.sip_register(g.st["106"], 3_050_000, "udp")
        self.sips_register(g.phone2, 8_200_000)
        self.sip_options()
        self.sip_call(12_100_000)
        self.dip_call("105", "104", 5_600_000, 14_800_000)
        self.dip_call("102", "103", 18_400_000, 48_200_000,
                      talk=(self.g.r(6_500_000, 7_000_000), self.g.r(21_000_000, 22_000_000)))
        self.group_call(23_300_000, 47_600_000)
        self.ntp_traffic()
        self.snmp_polls()
        self.http_session(23_700_000)
        self.unknown_device(34_800_000)
        self.run_dip_sessions(59_000_000)
        self.send_syslog()

    # ---------------------------------------------------------- server boot: trap, syslog
    def boot_server(self, t):
        g = self.g
        self.log(40_000, 5, "SYSTEM", "System start: ICX-AlphaCom software 11.2.3.2, node 1")
        self.log(90_000, 6, "SYSTEM", "DIP multicast enabled on 239.192.1.0 port 5001")
        # SNMPv2 trap coldStart (RFC 3418 / RFC 3416 SNMPv2-Trap-PDU) to the manager, port 162
        t = g.resolve(420_000, g.server, g.mgmt)
        vb = [("1.3.6.1.2.1.1.3.0", ber_uint(4200, 0x43)),
              ("1.3.6.1.6.3.1.1.4.1.0", ber_oid("1.3.6.1.6.3.1.1.5.1"))]
        msg = snmp_v2c("public", 0xA7, g.rng.getrandbits(30), vb)
        g.udp(t, g.server, g.mgmt, self.eport(), 162, msg, "snmp_trap", "snmpV2-trap coldStart")
        g.truth["snmp"]["trap_v2"] = 1
        g.truth["snmp"]["trap_oid"] = "1.3.6.1.6.3.1.1.5.1"

    # ---------------------------------------------------------- discovery (UDP 5002, opaque)
    def disc_payload(self, h, role):
        """Opaque datagram: a fixed 6-byte prefix and NUL-separated printable strings.

        The real layout is not public (facts file); this only gives a decoder printable
        model/version/MAC strings to find, as the facts say a sensor should look for.
        """
        strings = [h.info.get("model", "?"), h.info.get("fw", "?"), h.mac_s.upper(), h.name]
        body = bytes((0x02, 0x5A, 0x01 if role == "query" else 0x02, 0x00, 0x10, 0x14)) + \
            b"\0".join(s.encode() for s in strings) + b"\0"
        while len(body) % 4 or len(body) + 8 in ADWIN_SIZES or len(body) in ADWIN_SIZES:
            body += b"\0"
        return body

    def discovery_rounds(self):
        g = self.g
        tr = g.truth["discovery"]["by_sender"]
        for base in (600_000, 15_600_000, 30_600_000, 45_600_000):
            t = base + g.r(0, 20_000)
            g.udp(t, g.server, g.bcast, 5002, 5002, self.disc_payload(g.server, "query"), "discovery_5002",
                  "server_broadcast")
            self.count(tr, g.server.ip)
            for h in g.stations:
                if h.info["dirno"] == "101" and base < 5_000_000:
                    continue  # still booting
                g.uu(t + g.r(2_000, 40_000), h, g.server, 5002, 5002, self.disc_payload(h, "reply"),
                          "discovery_5002", "station_reply")
                self.count(tr, h.ip)

    # ---------------------------------------------------------- DIP over TCP 50001
    def dip_plan(self, st, t_connect):
        """Register the schedule of one station's DIP session; run later in time order."""
        if not hasattr(self, "dip"):
            self.dip = {}
        self.dip[st.key] = {"st": st, "t": t_connect, "msgs": []}
        phy = st.info["phy"]
        g = self.g
        # station power-up report; parameters are placeholders (the facts only name `stu`)
        self.dip_msg(st, t_connect + g.r(2_000, 6_000), 0, '0 stu %s "%s" "%s"' % (
            st.mac_s.replace(":", ""), st.info["model"], st.info["fw"]))
        t_con = t_connect + g.r(9_000, 22_000)
        volume = 0x1A
        con = '%x con %x "%s" "%s" %x %x %x %x %x %x %x %x %s %s' % (
            phy, phy, st.info["dirno"], st.name, volume, 61000, 1, 61020, 2, 61040, 3, 5001, "239.192.1.0",
            g.server.mac_s.replace(":", ""))
        self.dip_msg(st, t_con, 1, con)
        self.dip[st.key]["t_con"] = t_con
        self.log(t_con + 3_000, 6, "STATION", "Station %s (%s) phys %d registered from %s" % (
            st.info["dirno"], st.name, phy, st.ip))
        g.truth["dip"]["stations_registered"].append(st.ip)
        # the station joins the DIP multicast group it was given
        g.igmp_join(t_con + g.r(30_000, 90_000), st, g.g_dip)
        self.count(g.truth["igmp"], "v2_report", 2)
        # keep-alive from the station every ~15 s; the word is a placeholder for "a ping"
        t = t_con + g.r(14_000_000, 15_500_000)
        while t < 58_500_000:
            self.dip_msg(st, t, 0, "%x ping" % phy)
            t += g.r(14_700_000, 15_300_000)

    def dip_msg(self, st, t, side, text):
        self.dip[st.key]["msgs"].append((t, side, text))

    def run_dip_sessions(self, t_restart):
        """Play every DIP session in time order; the server restarts at t_restart and closes them."""
        g = self.g
        self.log(t_restart - 40_000, 4, "SYSTEM", "Configuration changed by operator: restarting")
        for d in self.dip.values():
            st = d["st"]
            conn = Tcp(g, st, g.server, self.eport(), 50001, "dip_tcp_50001", wins=(5840, 29200), tos=TOS_CS3,
                       note="DIP station %s" % st.info["dirno"])
            conn.open(d["t"])
            for t, side, text in sorted(d["msgs"]):
                conn.send(t, side, text.encode(), label=text.split()[1])
                cmd = text.split()[1]
                self.count(g.truth["dip"]["tcp_messages_by_command"], cmd)
                g.truth["dip"]["tcp_messages_station_to_server" if side == 0
                                else "tcp_messages_server_to_station"] += 1
            conn.close(t_restart + g.r(0, 60_000), 1)

    # ---------------------------------------------------------- station 101 boots: DHCP, GARP, TFTP
    def station_boot(self, st, t):
        g = self.g
        rng = g.rng
        xid = rng.getrandbits(32)
        hostname = "station-%s" % st.info["dirno"]
        vendor = "Zenitel IP Station"
        prl = bytes((1, 3, 6, 7, 12, 15, 28, 42, 66, 67))

        def bootp(op, msgtype, yiaddr, siaddr, opts, secs=0):
            # RFC 2131 section 2: fixed BOOTP layout, then the magic cookie and options
            hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, 1, 6, 0, xid, secs, 0, bytes(4),
                              ipb(yiaddr), ipb(siaddr), bytes(4), st.mac + bytes(10), bytes(64), bytes(128))
            o = bytearray(b"\x63\x82\x53\x63")
            o += bytes((53, 1, msgtype))
            for code, val in opts:
                o += bytes((code, len(val))) + val
            o += b"\xff"
            body = hdr + bytes(o)
            return body + bytes(max(0, 300 - len(body)))

        cid = b"\x01" + st.mac
        client_opts = [(61, cid), (57, struct.pack("!H", 1500)), (12, hostname.encode()), (60, vendor.encode()),
                       (55, prl)]
        server_opts = [(54, g.server.ipb), (51, struct.pack("!I", 86400)), (58, struct.pack("!I", 43200)),
                       (59, struct.pack("!I", 75600)), (1, ipb("255.255.255.0")), (28, ipb("10.20.0.255")),
                       (42, g.ntp.ipb), (7, g.syslog.ipb), (66, g.server.ip.encode())]
        dh = g.truth["dhcp"]
        g.udp(t, st, g.bcast, 68, 67, bootp(1, 1, "0.0.0.0", "0.0.0.0", client_opts), "dhcp", "DISCOVER",
              src_ipb=bytes(4), ttl=64)
        dh["DISCOVER"] = 1
        t += g.r(3_000, 9_000)
        # the server answers to the offered address and the client's hardware address (no ARP)
        g.udp(t, g.server, st, 67, 68, bootp(2, 2, st.ip, g.server.ip, server_opts), "dhcp", "OFFER")
        dh["OFFER"] = 1
        t += g.r(10_000, 30_000)
        g.udp(t, st, g.bcast, 68, 67, bootp(1, 3, "0.0.0.0", "0.0.0.0",
                                            [(61, cid), (57, struct.pack("!H", 1500)), (50, st.ipb),
                                             (54, g.server.ipb), (12, hostname.encode()), (60, vendor.encode()),
                                             (55, prl)], secs=0),
              "dhcp", "REQUEST", src_ipb=bytes(4), ttl=64)
        dh["REQUEST"] = 1
        t += g.r(2_000, 6_000)
        g.udp(t, g.server, st, 67, 68, bootp(2, 5, st.ip, g.server.ip, server_opts), "dhcp", "ACK")
        dh["ACK"] = 1
        dh.update({"client_mac": st.mac_s, "assigned_ip": st.ip, "server": g.server.ip, "hostname": hostname,
                   "vendor_class": vendor, "ntp_server_opt42": g.ntp.ip, "log_server_opt7": g.syslog.ip,
                   "tftp_server_opt66": g.server.ip})
        self.log(t + 2_000, 6, "DHCP", "DHCPACK %s to %s (%s)" % (st.ip, st.mac_s, hostname))
        g.learn(t, st, g.server)
        g.learn(t, g.server, st)
        # gratuitous ARP announcing the new address (RFC 5227 section 2.3)
        t += g.r(120_000, 250_000)
        g.emit(t, g.arp_frame(st, g.bcast, 1, st.mac, st.ipb, bytes(6), st.ipb, g.bcast.mac), "arp",
               "gratuitous")
        g.truth.setdefault("arp_extra", {})["gratuitous"] = 1
        # TFTP configuration download (RFC 1350), octet mode, 512-byte blocks on ephemeral ports
        t += g.r(150_000, 300_000)
        t = self.tftp(t, st)
        # first NTP query right after boot (option 42)
        self.ntp_plan = getattr(self, "ntp_plan", [])
        self.ntp_plan.append((st, t + g.r(100_000, 300_000)))
        # DIP connection
        self.dip_plan(st, t + g.r(500_000, 700_000))

    def tftp(self, t, st):
        g = self.g
        fname = "station_%s.cfg" % st.info["dirno"]
        cfg = self.station_config(st)
        cport, sport = self.eport(), self.eport()
        tr = g.truth["tftp"]
        rrq = struct.pack("!H", 1) + fname.encode() + b"\0octet\0"
        t = g.uu(t, st, g.server, cport, 69, rrq, "tftp", "RRQ")
        self.log(t + 1_000, 6, "TFTP", "Read request %s from %s" % (fname, st.ip))
        blocks = [cfg[i:i + 512] for i in range(0, len(cfg) + 1, 512)]
        for n, blk in enumerate(blocks, 1):
            t += g.r(1_500, 4_000)
            g.udp(t, g.server, st, sport, cport, struct.pack("!HH", 3, n) + blk, "tftp", "DATA")
            t += g.r(600, 2_500)
            g.udp(t, st, g.server, cport, sport, struct.pack("!HH", 4, n), "tftp", "ACK")
        tr.update({"RRQ": 1, "DATA": len(blocks), "ACK": len(blocks), "file": fname, "mode": "octet",
                   "bytes": len(cfg), "client": st.ip, "server": g.server.ip, "complete": True})
        return t

    def station_config(self, st):
        lines = ["; station configuration (synthetic demo content)",
                 "[general]", "station_name=%s" % st.name, "directory_number=%s" % st.info["dirno"],
                 "mode=alphacom", "server_ip=%s" % self.g.server.ip, "server_port=50001",
                 "[network]", "dhcp=1", "vlan_id=%d" % VLAN_ID, "ntp_server=%s" % self.g.ntp.ip,
                 "syslog_server=%s" % self.g.syslog.ip, "syslog_level=6",
                 "[audio]", "codec=g711u", "packet_ms=20", "rtp_port_min=61000", "rtp_port_max=61250",
                 "speaker_volume=26", "mic_sensitivity=4", "agc=1", "echo_cancel=1",
                 "[web]", "http_enabled=1", "https_enabled=0", "web_user=admin",
                 "[snmp]", "snmp_enabled=1", "snmp_version=2c", "trap_host=%s" % self.g.mgmt.ip,
                 "[inputs]"]
        for i in range(1, 9):
            lines.append("input%d_function=%s" % (i, ["none", "door_contact", "call_button", "tamper"][i % 4]))
            lines.append("input%d_debounce_ms=%d" % (i, 50 + 10 * i))
        lines.append("[relays]")
        for i in range(1, 5):
            lines.append("relay%d_mode=%s" % (i, ["door_open", "light", "none", "siren"][i - 1]))
            lines.append("relay%d_hold_s=%d" % (i, 3 + i))
        lines.append("[display]")
        for i in range(1, 9):
            lines.append("speed_dial%d=%d" % (i, 100 + i))
        return ("\r\n".join(lines) + "\r\n").encode()

    # ---------------------------------------------------------- SIP over UDP 5060
    def sip_send(self, t, src, dst, msg, first_line, cat="sip_udp_5060"):
        g = self.g
        t = g.uu(t, src, dst, 5060, 5060, msg, cat, first_line, tos=TOS_CS3, pcp=3)
        if first_line.startswith("SIP/2.0"):
            self.count(g.truth["sip"]["responses_by_status"], first_line.split()[1])
        else:
            self.count(g.truth["sip"]["requests_by_method"], first_line.split()[0])
        return t

    def ua_of(self, h):
        if h.role == "sip_phone":
            return h.info["ua"]
        if h is self.g.server:
            return "ICX-AlphaCom 11.2.3.2"
        return "Zenitel IP Station %s" % h.info["fw"]

    def user_of(self, h):
        return h.info.get("ext") or h.info.get("dirno")

    def reg_flow(self, t, h, send, via_proto="UDP", port=5060):
        """REGISTER -> 401 (Digest challenge) -> REGISTER with Authorization -> 200.

        send(t, src, dst, msg, first_line) delivers one message; returns the messages."""
        g = self.g
        rng = g.rng
        srv = g.server
        user = self.user_of(h)
        realm = "AlphaCom"
        password = "S1p-%s-%s" % (user, hexid(rng, 4))
        callid = "%s@%s" % (hexid(rng, 16), h.ip)
        ftag, ttag = hexid(rng, 8), hexid(rng, 8)
        aor = "sip:%s@%s" % (user, srv.ip)
        ruri = "sip:%s" % srv.ip
        contact = "<sip:%s@%s:%d;transport=%s>" % (user, h.ip, port, via_proto.lower())
        cseq = rng.randint(1, 20)
        nonce = hexid(rng, 32)
        out = []
        for attempt in (0, 1):
            br = "z9hG4bK" + hexid(rng, 10)
            hdr = [("Via", "SIP/2.0/%s %s:%d;branch=%s;rport" % (via_proto, h.ip, port, br)),
                   ("Max-Forwards", "70"), ("From", "<%s>;tag=%s" % (aor, ftag)), ("To", "<%s>" % aor),
                   ("Call-ID", callid), ("CSeq", "%d REGISTER" % (cseq + attempt)), ("Contact", contact),
                   ("Expires", "3600"), ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER"),
                   ("User-Agent", self.ua_of(h))]
            if attempt:
                cnonce = hexid(rng, 8)
                ha1 = md5("%s:%s:%s" % (user, realm, password))
                ha2 = md5("REGISTER:%s" % ruri)
                resp = md5("%s:%s:00000001:%s:auth:%s" % (ha1, nonce, cnonce, ha2))
                hdr.append(("Authorization", 'Digest username="%s", realm="%s", nonce="%s", uri="%s", '
                            'response="%s", algorithm=MD5, cnonce="%s", qop=auth, nc=00000001'
                            % (user, realm, nonce, ruri, resp, cnonce)))
            t = send(t, h, srv, sip_msg("REGISTER %s SIP/2.0" % ruri, hdr), "REGISTER %s SIP/2.0" % ruri)
            out.append(t)
            rvia = "SIP/2.0/%s %s:%d;branch=%s;rport=%d;received=%s" % (via_proto, h.ip, port, br, port, h.ip)
            common = [("Via", rvia), ("From", "<%s>;tag=%s" % (aor, ftag)), ("To", "<%s>;tag=%s" % (aor, ttag)),
                      ("Call-ID", callid), ("CSeq", "%d REGISTER" % (cseq + attempt))]
            t += g.r(800, 3_000)
            if not attempt:
                resp_msg = sip_msg("SIP/2.0 401 Unauthorized", common + [
                    ("WWW-Authenticate", 'Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"'
                     % (realm, nonce)), ("Server", self.ua_of(srv))])
                t = send(t, srv, h, resp_msg, "SIP/2.0 401 Unauthorized")
                t += g.r(8_000, 25_000)
            else:
                resp_msg = sip_msg("SIP/2.0 200 OK", common + [
                    ("Contact", contact + ";expires=3600"), ("Date", "Mon, 02 Mar 2026 08:00:%02d GMT"
                                                               % (t // 1_000_000)),
                    ("Server", self.ua_of(srv))])
                t = send(t, srv, h, resp_msg, "SIP/2.0 200 OK")
        self.log(t + 2_000, 6, "SIP", "SIP registration %s@%s from %s (%s)" % (user, srv.ip, h.ip, self.ua_of(h)))
        g.truth["sip"]["registrations"].append({"aor": aor, "contact": h.ip, "transport": via_proto,
                                               "challenged": True, "user_agent": self.ua_of(h)})
        return t

    def sip_register(self, h, t, transport):
        self.reg_flow(t, h, lambda tt, s, d, m, fl: self.sip_send(tt, s, d, m, fl))

    def sip_options(self):
        """Keep-alives: the SIP station pings the server; the server qualifies the UDP phone."""
        g = self.g
        rng = g.rng
        srv = g.server
        pairs = [(g.st["106"], srv, t) for t in (18_300_000, 33_400_000, 48_500_000)] + \
                [(srv, g.phone1, t) for t in (25_200_000, 55_100_000)]
        for a, b, t in pairs:
            br = "z9hG4bK" + hexid(rng, 10)
            ua = self.user_of(a) if a is not srv else "alphacom"
            ruri = "sip:%s" % b.ip if b is srv else "sip:%s@%s:5060" % (self.user_of(b), b.ip)
            ftag, cid, cs = hexid(rng, 8), "%s@%s" % (hexid(rng, 16), a.ip), rng.randint(1, 900)
            hdr = [("Via", "SIP/2.0/UDP %s:5060;branch=%s;rport" % (a.ip, br)), ("Max-Forwards", "70"),
                   ("From", "<sip:%s@%s>;tag=%s" % (ua, a.ip, ftag)), ("To", "<%s>" % ruri),
                   ("Call-ID", cid), ("CSeq", "%d OPTIONS" % cs), ("Accept", "application/sdp"),
                   ("User-Agent", self.ua_of(a))]
            t = self.sip_send(t, a, b, sip_msg("OPTIONS %s SIP/2.0" % ruri, hdr), "OPTIONS %s SIP/2.0" % ruri)
            rhdr = [("Via", "SIP/2.0/UDP %s:5060;branch=%s;rport=5060;received=%s" % (a.ip, br, a.ip)),
                    ("From", "<sip:%s@%s>;tag=%s" % (ua, a.ip, ftag)),
                    ("To", "<%s>;tag=%s" % (ruri, hexid(rng, 8))), ("Call-ID", cid), ("CSeq", "%d OPTIONS" % cs),
                    ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER"),
                    ("Accept", "application/sdp"), ("Server" if b is srv else "User-Agent", self.ua_of(b))]
            self.sip_send(t + g.r(700, 2_500), b, a, sip_msg("SIP/2.0 200 OK", rhdr), "SIP/2.0 200 OK")

    def sip_call(self, t):
        """Station 106 (SIP mode) calls phone 201 directly; best-effort SRTP offer with SDES keys."""
        g = self.g
        rng = g.rng
        A, B = g.st["106"], g.phone1
        pA, pB = 61000, 61100
        cid = "%s@%s" % (hexid(rng, 20), A.ip)
        ftag, ttag = hexid(rng, 8), hexid(rng, 8)
        fromA = '"%s" <sip:%s@%s>;tag=%s' % (A.name, self.user_of(A), g.server.ip, ftag)
        toB = "<sip:%s@%s>" % (self.user_of(B), B.ip)
        toBt = toB + ";tag=" + ttag
        contA = "<sip:%s@%s:5060>" % (self.user_of(A), A.ip)
        contB = "<sip:%s@%s:5060>" % (self.user_of(B), B.ip)
        cseq = rng.randint(10, 90)
        br = "z9hG4bK" + hexid(rng, 10)
        viaA = "SIP/2.0/UDP %s:5060;branch=%s;rport" % (A.ip, br)
        viaAr = "SIP/2.0/UDP %s:5060;branch=%s;rport=5060;received=%s" % (A.ip, br, A.ip)
        key80 = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(30))).decode()
        key32 = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(30))).decode()
        sA, sB = rng.randrange(1, 1 << 31), rng.randrange(1, 1 << 31)
        offer = ("\r\n".join([
            "v=0", "o=- %d %d IN IP4 %s" % (sA, sA, A.ip), "s=-", "c=IN IP4 %s" % A.ip, "t=0 0",
            "m=audio %d RTP/AVP 0 8 101" % pA, "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:%s" % key80,
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:%s" % key32,
            "a=ptime:20", "a=sendrecv"]) + "\r\n").encode()
        answer = ("\r\n".join([
            "v=0", "o=- %d %d IN IP4 %s" % (sB, sB, B.ip), "s=SDP data", "c=IN IP4 %s" % B.ip, "t=0 0",
            "m=audio %d RTP/AVP 0 101" % pB, "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv"]) + "\r\n").encode()
        allow = ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, REFER")
        common = [("From", fromA), ("To", toB), ("Call-ID", cid), ("CSeq", "%d INVITE" % cseq)]
        inv = sip_msg("INVITE sip:%s@%s SIP/2.0" % (self.user_of(B), B.ip),
                      [("Via", viaA), ("Max-Forwards", "70")] + common +
                      [("Contact", contA), allow, ("Supported", "replaces, timer"), ("User-Agent", self.ua_of(A)),
                       ("Content-Type", "application/sdp")], offer)
        t = self.sip_send(t, A, B, inv, "INVITE sip:%s@%s SIP/2.0" % (self.user_of(B), B.ip))
        t += g.r(1_000, 4_000)
        rc = [("Via", viaAr), ("From", fromA)]
        t = self.sip_send(t, B, A, sip_msg("SIP/2.0 100 Trying", rc + [("To", toB), ("Call-ID", cid),
                                                                         ("CSeq", "%d INVITE" % cseq),
                                                                         ("User-Agent", self.ua_of(B))]),
                          "SIP/2.0 100 Trying")
        t += g.r(20_000, 60_000)
        c18 = rc + [("To", toBt), ("Call-ID", cid), ("CSeq", "%d INVITE" % cseq), ("Contact", contB),
                    ("User-Agent", self.ua_of(B))]
        t = self.sip_send(t, B, A, sip_msg("SIP/2.0 180 Ringing", c18), "SIP/2.0 180 Ringing")
        t += g.r(2_200_000, 2_800_000)  # the receptionist picks up
        t = self.sip_send(t, B, A, sip_msg("SIP/2.0 200 OK", c18 + [allow, ("Supported", "replaces, timer"),
                                                                       ("Content-Type", "application/sdp")],
                                           answer), "SIP/2.0 200 OK")
        t_ans = t
        t += g.r(2_000, 8_000)
        ack = sip_msg("ACK sip:%s@%s:5060 SIP/2.0" % (self.user_of(B), B.ip),
                      [("Via", "SIP/2.0/UDP %s:5060;branch=z9hG4bK%s;rport" % (A.ip, hexid(rng, 10))),
                       ("Max-Forwards", "70"), ("From", fromA), ("To", toBt), ("Call-ID", cid),
                       ("CSeq", "%d ACK" % cseq), ("User-Agent", self.ua_of(A))])
        t_ack = self.sip_send(t, A, B, ack, "ACK sip:%s@%s:5060 SIP/2.0" % (self.user_of(B), B.ip))
        self.log(t_ack + 3_000, 6, "CALL", "SIP call %s -> %s (%s) connected" % (
            self.user_of(A), self.user_of(B), B.ip))
        t_bye = 50_300_000 + g.r(0, 200_000)
        s_b = RtpStream(g, B, A, pB, pA, t_ans + g.r(3_000, 9_000), t_bye - 2_000, "sip_call", "phone 201 -> "
                        "station 106", 4)
        s_a = RtpStream(g, A, B, pA, pB, t_ack + g.r(1_000, 5_000), t_bye + 25_000, "sip_call", "station 106 -> "
                        "phone 201", 3)
        rtcp_sessions(g, [
            (s_a.t0 + g.r(1_000_000, 2_500_000), s_a.t_end, A, B, pA + 1, pB + 1, s_a, s_b,
             "%s@%s" % (self.user_of(A), A.ip)),
            (s_b.t0 + g.r(1_000_000, 2_500_000), s_b.t_end, B, A, pB + 1, pA + 1, s_b, s_a,
             "%s@%s" % (self.user_of(B), B.ip))])
        # the phone hangs up
        btag_cs = rng.randint(100, 900)
        brB = "z9hG4bK" + hexid(rng, 10)
        bye_h = [("Via", "SIP/2.0/UDP %s:5060;branch=%s;rport" % (B.ip, brB)), ("Max-Forwards", "70"),
                 ("From", toBt), ("To", fromA), ("Call-ID", cid), ("CSeq", "%d BYE" % btag_cs),
                 ("User-Agent", self.ua_of(B))]
        t = self.sip_send(t_bye, B, A, sip_msg("BYE sip:%s@%s:5060 SIP/2.0" % (self.user_of(A), A.ip), bye_h),
                          "BYE sip:%s@%s:5060 SIP/2.0" % (self.user_of(A), A.ip))
        ok_h = [("Via", "SIP/2.0/UDP %s:5060;branch=%s;rport=5060;received=%s" % (B.ip, brB, B.ip)),
                ("From", toBt), ("To", fromA), ("Call-ID", cid), ("CSeq", "%d BYE" % btag_cs),
                ("User-Agent", self.ua_of(A))]
        t = self.sip_send(t + g.r(30_000, 45_000), A, B, sip_msg("SIP/2.0 200 OK", ok_h), "SIP/2.0 200 OK")
        self.log(t + 3_000, 6, "CALL", "SIP call %s -> %s ended" % (self.user_of(A), self.user_of(B)))
        g.truth["sip"]["calls"].append({
            "call_id": cid, "caller": A.ip, "callee": B.ip, "from_user": self.user_of(A), "to_user": self.user_of(B),
            "sdp_offer": {"media_port": pA, "codecs": ["PCMU", "PCMA", "telephone-event"], "profile": "RTP/AVP",
                          "crypto_suites": ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"],
                          "sdes_keys_in_cleartext": 2},
            "sdp_answer": {"media_port": pB, "codecs": ["PCMU", "telephone-event"], "crypto": False},
            "media": "RTP (PCMU) - the best-effort SRTP offer was answered without crypto",
            "rtp_ssrcs": ["0x%08X" % s_a.ssrc, "0x%08X" % s_b.ssrc]})

    # ---------------------------------------------------------- SIPS: TLS 1.2 on TCP 5061
    def sips_register(self, h, t):
        g = self.g
        rng = g.rng
        srv = g.server
        sni = "icx-alphacom.site.example"
        conn = Tcp(g, h, srv, self.eport(), 5061, "sips_tls_5061", wins=(29200, 29200), tos=TOS_CS3,
                   note="SIP over TLS from %s" % h.name)
        t = conn.open(t)
        suites = [0xC02F, 0xC030, 0xC02B, 0xC02C, 0x009E, 0x009F, 0xC027, 0xC013, 0xC014, 0x009C, 0x009D,
                  0x002F, 0x0035, 0x00FF]
        exts = (ext(0x0000, struct.pack("!HBH", len(sni) + 3, 0, len(sni)) + sni.encode())
                + ext(0x000A, struct.pack("!HHHH", 6, 0x001D, 0x0017, 0x0018))
                + ext(0x000B, b"\x01\x00")
                + ext(0x000D, struct.pack("!H11H", 22, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0804,
                                          0x0805, 0x0806, 0x0201, 0x0203))
                + ext(0x0017, b"") + ext(0x0023, b""))
        ch = (struct.pack("!H", 0x0303) + bytes(rng.getrandbits(8) for _ in range(32)) + b"\x00"
              + struct.pack("!H", 2 * len(suites)) + struct.pack("!%dH" % len(suites), *suites) + b"\x01\x00"
              + struct.pack("!H", len(exts)) + exts)
        t = conn.send(t + g.r(200, 800), 0, tls_record(22, hs(1, ch), 0x0301), label="ClientHello")
        sid = bytes(rng.getrandbits(8) for _ in range(32))
        sexts = ext(0xFF01, b"\x00") + ext(0x000B, b"\x01\x00") + ext(0x0017, b"")
        sh = (struct.pack("!H", 0x0303) + bytes(rng.getrandbits(8) for _ in range(32)) + b"\x20" + sid
              + struct.pack("!HB", 0xC02F, 0) + struct.pack("!H", len(sexts)) + sexts)
        cert = self_signed_cert(rng, sni, "Example Site Security")
        certs = len(cert).to_bytes(3, "big") + cert
        ske = (b"\x03\x00\x1d\x20" + bytes(rng.getrandbits(8) for _ in range(32)) + struct.pack("!HH", 0x0401, 256)
               + bytes(rng.getrandbits(8) for _ in range(256)))
        t = conn.send(t + g.r(2_000, 6_000), 1, tls_record(22, hs(2, sh) + hs(11, len(certs).to_bytes(3, "big")
                                                                                   + certs)),
                      label="ServerHello, Certificate")
        t = conn.send(t + g.r(100, 300), 1, tls_record(22, hs(12, ske) + hs(14, b"")),
                      label="ServerKeyExchange, ServerHelloDone")
        cke = hs(16, b"\x20" + bytes(rng.getrandbits(8) for _ in range(32)))

        def aead(n, seqno):  # AES-GCM record body: 8-byte explicit nonce, ciphertext, 16-byte tag
            return struct.pack("!Q", seqno) + bytes(rng.getrandbits(8) for _ in range(n + 16))
        t = conn.send(t + g.r(3_000, 9_000), 0, tls_record(22, cke) + tls_record(20, b"\x01")
                      + tls_record(22, aead(16, 0)), label="ClientKeyExchange, ChangeCipherSpec, Finished")
        t = conn.send(t + g.r(1_500, 4_000), 1, tls_record(20, b"\x01") + tls_record(22, aead(16, 0)),
                      label="ChangeCipherSpec, Finished")
        seqs = [1, 1]
        tls_t = {"version": "TLS 1.2", "sni": sni, "cipher_suite": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                 "client": h.ip, "server": srv.ip, "server_port": 5061, "certificate_subject_cn": sni,
                 "certificate_self_signed": True, "application_data_records": 0}

        def tls_send(tt, s, d, msg, first_line):
            side = 0 if s is h else 1
            tt = conn.send(tt, side, tls_record(23, aead(len(msg), seqs[side])), label="Application Data")
            seqs[side] += 1
            tls_t["application_data_records"] += 1
            return tt
        t = self.reg_flow(t + g.r(1_000, 3_000), h, tls_send, via_proto="TLS", port=5061)
        t = conn.send(t + g.r(150_000, 300_000), 0, tls_record(21, aead(2, seqs[0])), label="Alert close_notify")
        tls_t["encrypted_alerts"] = 1
        conn.close(t + g.r(500, 2_000), 0)
        g.truth["tls"] = tls_t

    # ---------------------------------------------------------- DIP audio: station-to-station call
    def dip_call(self, caller, callee, t, t_end, talk=None):
        """The server connects audio between two DIP stations with `auc` and ends it with `aue`.

        talk=None: full duplex; talk=(start, end) offsets: the callee sends audio only then
        (push-to-talk), so its RTCP is an RR before and after."""
        g = self.g
        a, b = g.st[caller], g.st[callee]
        for st in (a, b):
            self.dip_msg(st, t + g.r(0, 3_000), 1, "%x auc %x %x %x %x %x" % (st.info["phy"], 61000, 0, 160, 0x1A, 1))
        self.log(t + 5_000, 6, "CALL", "Call %s (%s) -> %s (%s) connected" % (caller, a.name, callee, b.name))
        s_ab = RtpStream(g, a, b, 61000, 61000, t + g.r(20_000, 40_000), t_end, "dip_call",
                         "station %s -> %s" % (caller, callee), 4)
        if talk is None:
            s_ba = RtpStream(g, b, a, 61000, 61000, s_ab.t0 + g.r(2_000, 15_000), t_end, "dip_call",
                             "station %s -> %s" % (callee, caller), 3)
        else:
            s_ba = RtpStream(g, b, a, 61000, 61000, t + talk[0], t + talk[1], "dip_call",
                             "station %s -> %s (push-to-talk)" % (callee, caller), 2)
        rtcp_sessions(g, [
            (s_ab.t0 + g.r(1_000_000, 2_000_000), s_ab.t_end, a, b, 61001, 61001, s_ab, s_ba,
             "%s@%s" % (caller, a.ip)),
            (s_ab.t0 + g.r(1_000_000, 2_000_000), s_ab.t_end, b, a, 61001, 61001, s_ba, s_ab,
             "%s@%s" % (callee, b.ip))])
        for st in (a, b):
            self.dip_msg(st, t_end + g.r(40_000, 80_000), 1, "%x aue" % st.info["phy"])
        self.log(t_end + 90_000, 6, "CALL", "Call %s -> %s ended" % (caller, callee))

    # ---------------------------------------------------------- group audio (multicast)
    def group_call(self, t, t_end):
        g = self.g
        members = [g.st["101"], g.st["104"], g.st["105"]]
        ref = min(m.info["phy"] for m in members)
        bitmap = 0
        for m in members:
            bitmap |= 1 << (m.info["phy"] - ref)
        mac = g.server.mac_s.replace(":", "")
        dm = g.truth["dip"]["multicast_messages_by_command"]
        agc = "%x agc 1 1 239.192.1.1 0 %x %s" % (ref, bitmap, mac)
        for k in range(3):
            g.udp(t + k * 20_000, g.server, g.g_dip, 5001, 5001, agc.encode(), "dip_multicast_5001", "agc",
                  ttl=8, tos=TOS_CS3)
            self.count(dm, "agc")
        for m in members:
            g.igmp_join(t + g.r(30_000, 120_000), m, g.g_aud)
            self.count(g.truth["igmp"], "v2_report", 2)
        self.log(t + 10_000, 5, "GROUP", "Group call 1 to 239.192.1.1 started, members 101 104 105")
        s = RtpStream(g, g.server, g.g_aud, 61002, 61002, t + 200_000, t_end, "group_audio",
                      "server -> 239.192.1.1 (group call)", 3, ttl=8)
        rtcp_sessions(g, [(s.t0 + g.r(1_000_000, 2_000_000), s.t_end, g.server, g.g_aud, 61003, 61003, s, None,
                           "alphacom@%s" % g.server.ip)])
        age = "%x age 1 1 %x" % (ref, bitmap)
        t2 = s.t_end + g.r(20_000, 40_000)
        for k in range(3):
            g.udp(t2 + k * 20_000, g.server, g.g_dip, 5001, 5001, age.encode(), "dip_multicast_5001", "age",
                  ttl=8, tos=TOS_CS3)
            self.count(dm, "age")
        for m in members:
            g.igmp(t2 + g.r(60_000, 200_000), m, 0x17, g.g_aud)
            self.count(g.truth["igmp"], "v2_leave")
        self.log(t2 + 5_000, 5, "GROUP", "Group call 1 ended")

    # ---------------------------------------------------------- NTP (RFC 5905), only some devices
    def ntp_exchange(self, t, c, sport, poll):
        g = self.g
        offset = c.info.setdefault("clock_offset", g.r(-40_000, 40_000))
        t_cli = t + offset
        req = struct.pack("!BBbbII4sQQQQ", 0x23, 0, poll, -20, 0, 0, bytes(4), 0, 0, 0, ntp64(t_cli))
        t = g.uu(t, c, g.ntp, sport, 123, req, "ntp", "client")
        t_rx = t + g.r(40, 120)
        t_tx = t_rx + g.r(15, 60)
        resp = struct.pack("!BBbbII4sQQQQ", 0x24, 1, poll, -23, 0x00000010, 0x00000020, b"GPS\0",
                           ntp64(t_rx - 12_000_000), ntp64(t_cli), ntp64(t_rx), ntp64(t_tx))
        t = g.uu(t_tx, g.ntp, c, 123, sport, resp, "ntp", "server")
        self.count(g.truth["ntp"], "client_requests")
        self.count(g.truth["ntp"], "server_responses")
        return t

    def ntp_traffic(self):
        g = self.g
        # the server syncs with iburst after its restart (source port 123)
        for t in (800_000, 2_800_000, 4_800_000, 6_800_000, 38_900_000):
            self.ntp_exchange(t + g.r(0, 30_000), g.server, 123, 6)
        plan = list(getattr(self, "ntp_plan", []))
        plan += [(g.st["102"], 7_300_000), (g.st["103"], 9_100_000)]
        for st, t in plan:
            sport = self.eport()
            self.ntp_exchange(t, st, sport, 6)
            self.ntp_exchange(t + g.r(31_000_000, 33_000_000), st, self.eport(), 6)
        clients = [g.server.ip] + [st.ip for st, _ in plan]
        g.truth["ntp"]["clients"] = sorted(set(clients), key=lambda s: ipb(s))
        g.truth["ntp"]["stations_never_syncing"] = [s.ip for s in g.stations if s.ip not in clients]

    # ---------------------------------------------------------- SNMP v2c polls (RFC 3416)
    def snmp_polls(self):
        g = self.g
        tr = g.truth["snmp"]
        descr = "Zenitel ICX-AlphaCom, software 11.2.3.2, node 1"
        oid_val = "1.3.6.1.4.1.26122.1.1"
        for t in (10_300_000, 40_300_000):
            reqid = g.rng.randrange(1 << 20, 1 << 31)
            sport = self.eport()
            req = snmp_v2c("public", 0xA0, reqid, [("1.3.6.1.2.1.1.1.0", b"\x05\x00"),
                                                   ("1.3.6.1.2.1.1.2.0", b"\x05\x00")])
            t = g.uu(t, g.mgmt, g.server, sport, 161, req, "snmp_161", "get-request")
            resp = snmp_v2c("public", 0xA2, reqid, [("1.3.6.1.2.1.1.1.0", tlv(0x04, descr.encode())),
                                                    ("1.3.6.1.2.1.1.2.0", ber_oid(oid_val))])
            g.uu(t + g.r(800, 3_000), g.server, g.mgmt, 161, sport, resp, "snmp_161", "get-response")
            self.count(tr, "get_request")
            self.count(tr, "get_response")
        tr.update({"community": "public", "version": "v2c", "sysDescr": descr, "sysObjectID": oid_val,
                   "manager": g.mgmt.ip, "agent": g.server.ip})

    # ---------------------------------------------------------- HTTP with default credentials
    def http_session(self, t):
        g = self.g
        st = g.st["102"]
        conn = Tcp(g, g.mgmt, st, self.eport(), 80, "http_80", wins=(64240, 5840),
                   note="web UI of station 102 from the management PC")
        t = conn.open(t)
        ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
        tr = g.truth["http"]

        def req(tt, path, auth=None):
            lines = ["GET %s HTTP/1.1" % path, "Host: %s" % st.ip, "User-Agent: %s" % ua,
                     "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                     "Accept-Language: en-US,en;q=0.5", "Connection: keep-alive"]
            if auth:
                lines.append("Authorization: Basic %s" % base64.b64encode(auth.encode()).decode())
                tr["basic_auth"].append({"client": g.mgmt.ip, "server": st.ip, "user": auth.split(":")[0],
                                         "password": auth.split(":")[1], "vendor_default": True})
            tr["requests"] += 1
            return conn.send(tt, 0, ("\r\n".join(lines) + "\r\n\r\n").encode(), label="GET " + path)

        def resp(tt, status, body, extra=()):
            lines = ["HTTP/1.1 %s" % status, "Content-Type: text/html", "Content-Length: %d" % len(body),
                     "Cache-Control: no-cache"] + list(extra) + ["Connection: keep-alive"]
            self.count(tr["responses_by_status"], status.split()[0])
            return conn.send(tt, 1, ("\r\n".join(lines) + "\r\n\r\n").encode() + body, label=status)

        t = req(t + g.r(300, 900), "/")
        deny = b"<html><head><title>401 Unauthorized</title></head><body>Authorization required</body></html>\n"
        t = resp(t + g.r(2_000, 6_000), "401 Unauthorized", deny, ['WWW-Authenticate: Basic realm="IP Station"'])
        t = req(t + g.r(2_500_000, 3_500_000), "/", "admin:alphaadmin")
        page = ("<html><head><title>IP Station %s - %s</title></head><body><h1>%s</h1>"
                "<table><tr><td>Directory number</td><td>%s</td></tr><tr><td>Firmware</td><td>%s</td></tr>"
                "<tr><td>MAC</td><td>%s</td></tr><tr><td>Server</td><td>%s:50001</td></tr>"
                "<tr><td>Mode</td><td>AlphaCom</td></tr></table></body></html>\n"
                % (st.info["dirno"], st.name, st.name, st.info["dirno"], st.info["fw"], st.mac_s.upper(),
                   g.server.ip)).encode()
        t = resp(t + g.r(3_000, 8_000), "200 OK", page)
        t = req(t + g.r(1_800_000, 2_600_000), "/status.html", "admin:alphaadmin")
        status = ("<html><head><title>Status</title></head><body><p>Registered to %s</p><p>Uptime 0d 3h 12m</p>"
                  "<p>Call: active</p></body></html>\n" % g.server.ip).encode()
        t = resp(t + g.r(3_000, 8_000), "200 OK", status)
        conn.close(t + g.r(4_000_000, 5_000_000), 0)

    # ---------------------------------------------------------- the unknown device
    def unknown_device(self, t):
        g = self.g
        u = g.unknown
        swept = []
        for last in list(range(1, 16)) + list(range(100, 111)):
            ip = "10.20.0.%d" % last
            g.arp_request(t, u, ipb(ip), "request")
            swept.append(ip)
            target = next((h for h in g.hosts() if h.ip == ip and h is not u), None)
            if target is not None:
                g.arp_reply(t + g.r(150, 900), target, u)
                g.learn(t, target, u)
                g.learn(t + 1_000, u, target)
            t += g.r(45_000, 70_000)
        disc = (bytes((0x02, 0x5A, 0x01, 0x00, 0x10, 0x14)) + b"\0\0\0\0"
                + bytes(g.rng.getrandbits(8) for _ in range(10)) + b"\0\0")
        while len(disc) in ADWIN_SIZES:
            disc += b"\0"
        t += 1_500_000
        tr = g.truth["discovery"]["by_sender"]
        for k in range(3):
            tk = t + k * 1_000_000
            g.udp(tk, u, g.bcast, 5002, 5002, disc, "discovery_5002", "unknown_broadcast")
            self.count(tr, u.ip)
            for st in (g.st["104"], g.st["105"]):
                g.uu(tk + g.r(3_000, 30_000), st, u, 5002, 5002, self.disc_payload(st, "reply"), "discovery_5002",
                     "station_reply")
                self.count(tr, st.ip)
        t += 4_000_000
        victim = g.st["104"]
        # Telnet: SYN answered by RST (port closed)
        c23 = Tcp(g, u, victim, self.eport(40000, 48999), 23, "scan_tcp", wins=(1024, 5840),
                  note="telnet probe by the unknown device (SYN, RST)")
        c23.seg(t, 0, SYN, opts=b"\x02\x04\x05\xb4", label="syn")
        c23.nxt[1] = 0  # RFC 9293 3.10.7.1: RST answering a segment without ACK has SEQ 0
        c23.seg(t + g.r(150, 600), 1, RST | ACK, label="rst")
        # HTTP: half-open probe (SYN, SYN-ACK, RST)
        t += g.r(80_000, 150_000)
        c80 = Tcp(g, u, victim, self.eport(40000, 48999), 80, "scan_tcp", wins=(1024, 5840),
                  note="web port probe by the unknown device (SYN, SYN-ACK, RST)")
        c80.seg(t, 0, SYN, opts=b"\x02\x04\x05\xb4", label="syn")
        t = c80.seg(t + g.r(150, 600), 1, SYN | ACK, opts=Tcp.MSS_SACK, label="syn_ack")
        c80.seg(t + g.r(100, 400), 0, RST, label="rst")
        g.truth["unknown_device"] = {
            "ip": u.ip, "mac": u.mac_s, "arp_sweep_targets": len(swept),
            "discovery_broadcasts": 3, "tcp_probes": [{"dst": victim.ip, "port": 23, "result": "RST"},
                                                      {"dst": victim.ip, "port": 80, "result": "SYN-ACK, then RST"}]}

    # ---------------------------------------------------------- syslog (RFC 5424 over UDP, RFC 5426)
    def send_syslog(self):
        g = self.g
        sport = 514
        for t, sev, msgid, text in sorted(self.syslog_q):
            pri = 16 * 8 + sev  # facility local0
            line = "<%d>1 %s icx-alphacom alphacom - %s - %s" % (pri, iso_ts(t), msgid, text)
            g.uu(t, g.server, g.syslog, sport, 514, line.encode(), "syslog_514", msgid)
            g.truth["syslog"]["messages"] += 1
        g.truth["syslog"].update({"format": "RFC 5424", "sender": g.server.ip, "collector": g.syslog.ip,
                                  "facility": "local0"})


# ============================================================== truth
def build_truth(sc, data, out_path):
    g = sc.g
    cats, vlan, arp = {}, 0, {"request": 0, "reply": 0, "gratuitous": 0}
    for _, _, frame, cat, label in g.ev:
        cats[cat] = cats.get(cat, 0) + 1
        if frame[12:14] == b"\x81\x00":
            vlan += 1
        if cat == "arp":
            arp[label] += 1
    tr = g.truth
    hosts = [{"ip": h.ip, "mac": h.mac_s, "role": h.role, "name": h.name,
              **{k: v for k, v in h.info.items() if k in ("model", "fw", "dirno", "mode", "ext", "ua")},
              "vlan_tagged": h.vlan} for h in g.hosts()]
    streams = sorted((s.truth() for s in g.streams), key=lambda s: s["first_time_offset_us"])
    return {
        "generator": "deploy/demo/gen_intercom_site.py", "generator_version": GENERATOR_VERSION,
        "seed": g.seed, "file": os.path.basename(out_path), "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data), "format": "pcap (magic a1b2c3d4, microseconds), LINKTYPE_ETHERNET",
        "start": "2026-03-02T08:00:00Z", "duration_s": DURATION // 1_000_000,
        "first_packet_offset_us": g.ev[0][0], "last_packet_offset_us": g.ev[-1][0],
        "packets_total": len(g.ev),
        "packets_by_category": dict(sorted(cats.items())),
        "vlan": {"id": VLAN_ID, "tagged_frames": vlan, "untagged_frames": len(g.ev) - vlan,
                 "rule": "tagged when the sender or the unicast receiver is station 104, 105 or 106"},
        "hosts": hosts,
        "arp": arp,
        "dhcp": tr["dhcp"],
        "igmp": tr["igmp"],
        "dip": tr["dip"],
        "discovery_5002": tr["discovery"],
        "sip": tr["sip"],
        "sips_tls": tr["tls"],
        "rtp": {"streams": streams, "packets": sum(s["packets"] for s in streams),
                "lost": sum(s["lost"] for s in streams), "payload_type": 0, "payload_bytes": 160,
                "ptime_ms": 20},
        "rtcp": tr["rtcp"],
        "snmp": tr["snmp"],
        "tftp": tr["tftp"],
        "ntp": tr["ntp"],
        "syslog": tr["syslog"],
        "http": tr["http"],
        "unknown_device": tr["unknown_device"],
        "tcp_sessions": tr_tcp(g),
        "intended_findings": [
            "unknown device 10.20.0.66 (unregistered OUI A4:F2:E0): ARP sweep, UDP 5002 discovery, TCP 23/80 probes",
            "default web credentials admin:alphaadmin over cleartext HTTP to station 10.20.0.102",
            "SNMP v2c with community 'public' (get and trap)",
            "SDES SRTP keys (a=crypto) in cleartext SIP on UDP 5060; media ended up as plain RTP",
            "stations 10.20.0.104, 10.20.0.105, 10.20.0.106 never use NTP",
            "station 10.20.0.105 runs older firmware 5.2.3.1 (discovery reply)",
            "TFTP configuration download (cleartext) station_101.cfg",
            "services outside Tables 1/2: syslog UDP 514, SNMP trap UDP 162, TCP 23 probe",
            "self-signed certificate on SIPS 5061",
        ],
    }


def tr_tcp(g):
    return [dict(s, payload_bytes={"client_to_server": s["payload_bytes"][0],
                                   "server_to_client": s["payload_bytes"][1]}) for s in g.tcp_sessions]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    ap.add_argument("--out", default=DEFAULT_OUT, help="pcap to write (default: the bundled demo resource)")
    ap.add_argument("--truth", default=None, help="sidecar JSON (default: OUT with .truth.json)")
    a = ap.parse_args()
    truth_path = a.truth or (a.out[:-5] if a.out.endswith(".pcap") else a.out) + ".truth.json"
    sc = Scenario(a.seed)
    sc.run()
    data = sc.g.write(a.out)
    truth = build_truth(sc, data, a.out)
    with open(truth_path, "w") as f:
        json.dump(truth, f, indent=1, sort_keys=False)
        f.write("\n")
    print("%s: %d packets, %d bytes; %s" % (a.out, truth["packets_total"], len(data), truth_path))


if __name__ == "__main__":
    main()
