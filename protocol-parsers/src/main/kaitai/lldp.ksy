meta:
  id: lldp
  title: Link Layer Discovery Protocol data unit (LLDPDU)
  license: Apache-2.0
  endian: be
  xref:
    ieee: 802.1AB-2016
    wikidata: Q1124440
doc: |
  The LLDPDU of an Ethernet frame with EtherType 0x88CC (IEEE 802.1AB-2016, clause 8):
  a sequence of TLVs, each a 7-bit type and a 9-bit length followed by that many bytes
  of value, ended by an End Of LLDPDU TLV (type 0, length 0). Chassis ID, Port ID and
  Time To Live must come first, in that order.

      0                   1                   2
      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 ...
     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     |  TLV type   |    TLV length     | value (0..511 bytes)
     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

  The adapter (LldpKaitaiAdapter) parses one `tlv` at a time so that a bad TLV late in
  the frame does not lose the TLVs before it; `tlvs` below describes the whole PDU.
  Organizationally specific TLVs decoded: IEEE 802.1 Port VLAN ID and VLAN Name
  (802.1Q-2018 Annex D), TIA LLDP-MED capabilities, network policy and inventory
  (ANSI/TIA-1057 clause 10.2), IANA MUD URL (RFC 8520 section 4.1); others keep their
  raw information string.
seq:
  - id: tlvs
    type: tlv
    repeat: until
    repeat-until: _.type == 0 or _io.eof
types:
  tlv:
    doc: The 16-bit header is read whole and split by instances (7-bit type, 9-bit length),
      which keeps both 32-bit ints in the generated Java.
    seq:
      - id: header
        type: u2
      - id: value
        size: length
        type:
          switch-on: type
          cases:
            1: id_value
            2: id_value
            3: time_to_live
            4: text
            5: text
            6: text
            7: system_capabilities
            8: management_address
            127: org_specific
    instances:
      type:
        value: header >> 9
        doc: 0 end, 1 chassis ID, 2 port ID, 3 TTL, 4 port description, 5 system name,
          6 system description, 7 system capabilities, 8 management address, 9-126 reserved,
          127 organizationally specific.
      length:
        value: header & 0x1ff
  id_value:
    doc: Chassis ID (8.5.2) and Port ID (8.5.3) share this shape; the subtype says how to read the id.
    seq:
      - id: subtype
        type: u1
      - id: id
        size-eos: true
  time_to_live:
    seq:
      - id: seconds
        type: u2
  text:
    seq:
      - id: value
        type: str
        encoding: UTF-8
        size-eos: true
  system_capabilities:
    doc: 8.5.8; bit 0 other, 1 repeater, 2 MAC bridge, 3 WLAN AP, 4 router, 5 telephone,
      6 DOCSIS, 7 station only, 8 C-VLAN, 9 S-VLAN, 10 TPMR.
    seq:
      - id: supported
        type: u2
      - id: enabled
        type: u2
  management_address:
    doc: 8.5.9. The address string length counts the subtype byte (2..32).
    seq:
      - id: address_string_length
        type: u1
        valid:
          min: 2
          max: 32
      - id: address_subtype
        type: u1
        doc: IANA address family number (1 IPv4, 2 IPv6, 6 IEEE 802).
      - id: address
        size: address_string_length - 1
      - id: interface_subtype
        type: u1
        doc: 1 unknown, 2 ifIndex, 3 system port number.
      - id: interface_number
        type: u4
      - id: len_oid
        type: u1
        valid:
          max: 128
      - id: oid
        size: len_oid
  org_specific:
    doc: 8.6. OUI (3 bytes), subtype, information string.
    instances:
      oui:
        value: (oui_high << 8) | oui_low
    seq:
      - id: oui_high
        type: u2
        doc: first two bytes of the OUI (read apart so the switch key stays a 32-bit int)
      - id: oui_low
        type: u1
      - id: subtype
        type: u1
      - id: info
        size-eos: true
        type:
          switch-on: (oui_high << 16) | (oui_low << 8) | subtype
          cases:
            0x0080c201: dot1_port_vlan_id
            0x0080c203: dot1_vlan_name
            0x0012bb01: med_capabilities
            0x0012bb02: med_network_policy
            0x0012bb05: text
            0x0012bb06: text
            0x0012bb07: text
            0x0012bb08: text
            0x0012bb09: text
            0x0012bb0a: text
            0x0012bb0b: text
            0x00005e01: text
  dot1_port_vlan_id:
    seq:
      - id: vlan_id
        type: u2
  dot1_vlan_name:
    seq:
      - id: vlan_id
        type: u2
      - id: len_name
        type: u1
        valid:
          max: 32
      - id: name
        type: str
        encoding: UTF-8
        size: len_name
  med_capabilities:
    seq:
      - id: capabilities
        type: u2
        doc: bit 0 LLDP-MED capabilities, 1 network policy, 2 location, 3 extended power PSE,
          4 extended power PD, 5 inventory.
      - id: device_class
        type: u1
        doc: 0 not defined, 1-3 endpoint class I-III, 4 network connectivity.
  med_network_policy:
    seq:
      - id: application_type
        type: u1
        doc: 1 voice, 2 voice signaling, 3 guest voice, 4 guest voice signaling, 5 softphone voice,
          6 video conferencing, 7 streaming video, 8 video signaling.
      - id: unknown_policy
        type: b1
      - id: tagged
        type: b1
      - id: reserved
        type: b1
      - id: vlan_id
        type: b12
      - id: l2_priority
        type: b3
      - id: dscp
        type: b6
