meta:
  id: pcapng_header_block
  title: pcapng Section Header Block and Interface Description Block
  license: Apache-2.0
  endian: le
  xref:
    rfc: draft-ietf-opsawg-pcapng
doc: |
  The two pcapng blocks that describe a section and its interfaces, parsed for
  validation when a capture file is opened (they are rare, never on the packet path).
  The reader passes the block body only (after block type and total length, before
  the trailing length) and the section's byte order, which it learned from the SHB's
  byte-order magic; the spec checks that magic again.
  Reference: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html section 4.
params:
  - id: block_type
    type: u4
  - id: big_endian
    type: bool
seq:
  - id: shb
    type: shb_body
    if: block_type == 0x0a0d0d0a
  - id: idb
    type: idb_body
    if: block_type == 1
types:
  shb_body:
    meta:
      endian:
        switch-on: _root.big_endian
        cases:
          true: be
          false: le
    seq:
      - id: byte_order_magic
        type: u4
        valid: 0x1a2b3c4d
      - id: major_version
        type: u2
      - id: minor_version
        type: u2
      - id: section_length
        type: s8
      - id: options
        type: option
        repeat: until
        repeat-until: _.code == 0 or _io.eof
        if: not _io.eof
  idb_body:
    meta:
      endian:
        switch-on: _root.big_endian
        cases:
          true: be
          false: le
    seq:
      - id: link_type
        type: u2
      - id: reserved
        type: u2
      - id: snap_len
        type: u4
      - id: options
        type: option
        repeat: until
        repeat-until: _.code == 0 or _io.eof
        if: not _io.eof
  option:
    meta:
      endian:
        switch-on: _root.big_endian
        cases:
          true: be
          false: le
    seq:
      - id: code
        type: u2
      - id: len_value
        type: u2
      - id: value
        size: len_value
      - id: padding
        size: (4 - (len_value % 4)) % 4
