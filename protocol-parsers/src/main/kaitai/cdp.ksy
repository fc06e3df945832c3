meta:
  id: cdp
  title: Cisco Discovery Protocol PDU (versions 1 and 2)
  license: Apache-2.0
  endian: be
doc: |
  The CDP PDU that follows the LLC/SNAP header (DSAP 0xAA, SSAP 0xAA, control 0x03,
  OUI 00:00:0C, protocol id 0x2000) of an IEEE 802.3 frame sent to 01:00:0C:CC:CC:CC.
  Cisco documents the format only in prose; field layout as in Wireshark's
  epan/dissectors/packet-cdp.c and Zeek's CDP analyzer.

      0               1               2               3
     +---------------+---------------+---------------+---------------+
     |   version     |     TTL (s)   |           checksum            |
     +---------------+---------------+---------------+---------------+
     |          TLV type             |   TLV length (incl. header)   |
     +---------------+---------------+---------------+---------------+
     |  value (length - 4 bytes) ...                                 |

  The adapter (CdpKaitaiAdapter) parses one `tlv` at a time so that a bad TLV late in the
  PDU does not lose the TLVs before it; `tlvs` below describes the whole PDU.
seq:
  - id: header
    type: header
  - id: tlvs
    type: tlv
    repeat: eos
types:
  header:
    seq:
      - id: version
        type: u1
        doc: 1 or 2 (version 2 adds VTP domain, native VLAN, duplex and later TLVs).
      - id: ttl
        type: u1
        doc: Seconds the receiver keeps this information.
      - id: checksum
        type: u2
        doc: Internet checksum over the PDU, with Cisco's odd-length quirk.
  tlv:
    seq:
      - id: type
        type: u2
        doc: 0x01 device ID, 0x02 addresses, 0x03 port ID, 0x04 capabilities, 0x05 software
          version, 0x06 platform, 0x09 VTP management domain, 0x0a native VLAN, 0x0b duplex,
          0x0e VoIP VLAN reply, 0x14 system name, 0x16 management addresses; others are kept raw.
      - id: length
        type: u2
        valid:
          min: 4
      - id: value
        size: length - 4
        type:
          switch-on: type
          cases:
            0x0001: text
            0x0002: addresses
            0x0003: text
            0x0004: capabilities
            0x0005: text
            0x0006: text
            0x0009: text
            0x000a: native_vlan
            0x000b: duplex
            0x000e: voice_vlan
            0x0014: text
            0x0016: addresses
  text:
    seq:
      - id: value
        type: str
        encoding: UTF-8
        size-eos: true
  addresses:
    doc: |
      A 32-bit count, then the addresses. The count is not used to size anything: the
      addresses are read until the value ends, and the adapter compares the two.
    seq:
      - id: count
        type: u4
      - id: entries
        type: address
        repeat: eos
  address:
    doc: |
      Protocol type 1 (NLPID, protocol 0xCC = IPv4) or 2 (IEEE 802.2, protocol
      AA AA 03 00 00 00 86 DD = IPv6), then the address.
    seq:
      - id: protocol_type
        type: u1
      - id: len_protocol
        type: u1
      - id: protocol
        size: len_protocol
      - id: len_address
        type: u2
      - id: address
        size: len_address
  capabilities:
    doc: 0x01 router, 0x02 transparent bridge, 0x04 source-route bridge, 0x08 switch, 0x10 host,
      0x20 IGMP, 0x40 repeater, 0x80 VoIP phone, 0x100 remotely managed, 0x200 CVTA, 0x400 TPMR.
    seq:
      - id: bits
        type: u4
  native_vlan:
    seq:
      - id: vlan
        type: u2
  duplex:
    seq:
      - id: full
        type: u1
        doc: 0 half, 1 full.
  voice_vlan:
    doc: VoIP VLAN reply (appliance id, then the VLAN the phone should use).
    seq:
      - id: appliance_id
        type: u1
      - id: vlan
        type: u2
