meta:
  id: snmp
  title: SNMP message (v1, v2c, v3) as a tree of generic BER TLVs, tolerant of truncation
  license: Apache-2.0
  endian: be
  xref:
    rfc: [1157, 3412, 3414, 3416, 3417]
doc: |
  An SNMP message is one BER-encoded value (RFC 3417 section 8: the Basic Encoding Rules of
  ITU-T X.690 restricted to the definite-length form). This spec knows nothing about SNMP's
  ASN.1 module: it parses the generic TLV tree (identifier octets with class, constructed
  bit and tag number including the high-tag-number form; definite lengths in short and long
  form; constructed values as nested TLV lists). SnmpKaitaiAdapter walks that tree into an
  SnmpView, checking it against RFC 1157 / RFC 3416 (PDUs) and RFC 3412 / RFC 3414 (v3).

  The spec never reads past the end of its stream, so it never throws on short input:
    * every field after the first identifier octet is read only when bytes remain
      (`not _io.eof`); a field that could not be read stays null;
    * a value's body is read with size min(declared length, bytes remaining), so a value
      cut by the end of the datagram (or of its enclosing value) keeps what is there;
    * a declared length the spec cannot honour (indefinite form 0x80, more than four
      length octets, or a four-octet length of 2^31 or more) leaves the body unread.
  The adapter compares each TLV's declared length with what was read to tell a
  truncated message (cut by the capture) from a malformed one (a value longer than the
  value that contains it).

  The position test `not _io.eof` also guards null fields: when a field was skipped
  because the stream had ended, the position has not moved since, so the later fields
  see `_io.eof` too and never evaluate the missing field.

  Nesting is bounded by the root parameter `max_depth`: a constructed value deeper than
  that is kept as raw bytes in `value` (the adapter reports it), so hostile input cannot
  recurse without limit.
doc-ref:
  - https://www.itu.int/rec/T-REC-X.690 (sections 8.1.2 identifier, 8.1.3 length)
  - https://www.rfc-editor.org/rfc/rfc3417#section-8
params:
  - id: max_depth
    type: u1
    doc: Deepest nesting level (the message is level 1) whose constructed values are parsed as TLV lists.
seq:
  - id: message
    type: ber_tlv(1)
    if: not _io.eof
  - id: trailing
    size-eos: true
    doc: Bytes after the message in the same datagram (empty when the message is cut).
types:
  tlv_list:
    doc: The contents of a constructed value, one TLV after another until its end.
    params:
      - id: depth
        type: u1
    seq:
      - id: items
        type: ber_tlv(depth)
        repeat: eos
  ber_tlv:
    doc: |
      One BER value (X.690 8.1):
        identifier: | class (2 bits) | constructed (1) | tag number (5) | [high tag octets]
        length:     0xxxxxxx (short form) | 1nnnnnnn + n length octets (long form)
        contents:   `length` octets; a TLV list when constructed
    params:
      - id: depth
        type: u1
    seq:
      - id: tag_byte
        type: u1
        doc: First identifier octet, always present (callers read a TLV only when a byte remains).
      - id: tag_more
        type: u1
        repeat: until
        repeat-until: (_ & 0x80) == 0 or _io.eof
        if: tag_low == 31 and not _io.eof
        doc: High-tag-number form (X.690 8.1.2.4), base 128, bit 8 set on all but the last octet.
      - id: len_first
        type: u1
        if: not _io.eof
        doc: First length octet; null when the stream ended inside the identifier.
      - id: len_long
        size: '(len_first & 0x7f) <= _io.size - _io.pos ? (len_first & 0x7f) : _io.size - _io.pos'
        if: not _io.eof and len_first > 0x80
        doc: Long-form length octets (X.690 8.1.3.5), as many as were present.
      - id: children
        type: tlv_list(depth + 1)
        size: 'length <= _io.size - _io.pos ? length : _io.size - _io.pos'
        if: not _io.eof and header_ok and constructed and depth < _root.max_depth
        doc: Contents of a constructed value, cut to the bytes present.
      - id: value
        size: 'length <= _io.size - _io.pos ? length : _io.size - _io.pos'
        if: not _io.eof and header_ok and (not constructed or depth >= _root.max_depth)
        doc: Contents of a primitive value (or of a constructed one nested too deep), cut to the bytes present.
    instances:
      tag_class:
        value: tag_byte >> 6
        doc: 0 universal, 1 application, 2 context-specific, 3 private.
      constructed:
        value: (tag_byte & 0x20) != 0
      tag_low:
        value: tag_byte & 0x1f
        doc: The tag number when below 31; 31 announces the high-tag-number form in tag_more.
      header_ok:
        value: >-
          len_first < 0x80 or
          (len_first > 0x80 and len_first <= 0x84 and len_long.size == (len_first & 0x7f)
          and (len_first != 0x84 or len_long[0] < 0x80))
        doc: |
          The length octets are complete and in a form this spec decodes. Evaluate only when
          len_first is not null.
      length:
        value: >-
          len_first < 0x80 ? len_first :
          len_first == 0x81 ? len_long[0] :
          len_first == 0x82 ? (len_long[0] << 8) | len_long[1] :
          len_first == 0x83 ? (len_long[0] << 16) | (len_long[1] << 8) | len_long[2] :
          (len_long[0] << 24) | (len_long[1] << 16) | (len_long[2] << 8) | len_long[3]
        doc: The declared contents length. Evaluate only when header_ok is true.
