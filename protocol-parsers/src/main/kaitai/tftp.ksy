meta:
  id: tftp
  title: TFTP message (RFC 1350, option extension RFC 2347, blksize RFC 2348, timeout and tsize RFC 2349)
  license: Apache-2.0
  endian: be
  xref:
    rfc: [1350, 2347, 2348, 2349]
doc: |
  One TFTP message: the payload of one UDP datagram.

      RRQ/WRQ  | 01/02 | filename | 0 | mode | 0 | opt1 | 0 | value1 | 0 | ... |   RFC 1350 s5, RFC 2347
      DATA     | 03 | block (2) | data (0..blksize) |                           RFC 1350 s5
      ACK      | 04 | block (2) |                                               RFC 1350 s5
      ERROR    | 05 | error code (2) | message | 0 |                            RFC 1350 s5
      OACK     | 06 | opt1 | 0 | value1 | 0 | ... |                             RFC 2347

  Strings are read as raw bytes up to and including their NUL terminator
  (include: true, eos-error: false): a string that reaches the end of the datagram
  without a NUL is returned without one, so the adapter can tell an unterminated
  string from a terminated one instead of the parser throwing. A field after the end
  of the datagram is absent (null). Opcodes other than 1..6 leave the body absent.
  DATA bytes are a lazy instance: reading the block number does not copy them.
  Options stop after max_options (a parameter) so a datagram full of empty strings
  cannot make the parser build tens of thousands of objects.
params:
  - id: max_options
    type: u4
    doc: |
      Options parsed per message at most (the caller's cap); when the datagram holds more,
      the stream is not at its end after the last one parsed.
seq:
  - id: opcode
    type: u2
    doc: 1 RRQ, 2 WRQ, 3 DATA, 4 ACK, 5 ERROR, 6 OACK (RFC 2347); other values are unknown opcodes.
  - id: body
    type:
      switch-on: opcode
      cases:
        1: request
        2: request
        3: data
        4: ack
        5: error
        6: oack
types:
  request:
    doc: RRQ or WRQ (RFC 1350 section 5, options RFC 2347 section 2).
    seq:
      - id: filename
        terminator: 0
        include: true
        eos-error: false
      - id: mode
        terminator: 0
        include: true
        eos-error: false
        if: not _io.eof
      - id: options
        type: option
        repeat: until
        repeat-until: _io.eof or _index >= _root.max_options
        if: not _io.eof
  option:
    doc: An option name and its value, both NUL-terminated, case-insensitive (RFC 2347 section 2).
    seq:
      - id: name
        terminator: 0
        include: true
        eos-error: false
      - id: value
        terminator: 0
        include: true
        eos-error: false
        if: not _io.eof
  data:
    doc: DATA (RFC 1350 section 5); a datagram shorter than the block size ends the transfer (section 6).
    seq:
      - id: block
        type: u2
    instances:
      len_data:
        value: _io.size - 4
      data:
        pos: 4
        size-eos: true
  ack:
    doc: ACK (RFC 1350 section 5); block 0 acknowledges a WRQ or an OACK.
    seq:
      - id: block
        type: u2
  error:
    doc: ERROR (RFC 1350 section 5, codes in the appendix; code 8 option refused, RFC 2347).
    seq:
      - id: code
        type: u2
      - id: message
        terminator: 0
        include: true
        eos-error: false
  oack:
    doc: Option acknowledgment (RFC 2347 section 2).
    seq:
      - id: options
        type: option
        repeat: until
        repeat-until: _io.eof or _index >= _root.max_options
        if: not _io.eof
