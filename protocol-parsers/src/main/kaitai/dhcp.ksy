meta:
  id: dhcp
  title: DHCP (BOOTP) message
  license: Apache-2.0
  endian: be
  xref:
    rfc: [951, 2131, 2132, 3396]
doc: |
  A DHCP message as carried in one UDP datagram (ports 67/68): the fixed BOOTP header
  (RFC 2131 section 2, figure 1), the magic cookie 99.130.83.99 (RFC 2131 section 3,
  RFC 2132 section 2) and the options as a list of TLVs with the one-byte Pad (0) and
  End (255) options (RFC 2132 section 3).

      0                   1                   2                   3
      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     +---------------+---------------+---------------+---------------+
     |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
     +---------------+---------------+---------------+---------------+
     |                            xid (4)                            |
     +-------------------------------+-------------------------------+
     |           secs (2)            |           flags (2)           |
     +-------------------------------+-------------------------------+
     |  ciaddr (4) | yiaddr (4) | siaddr (4) | giaddr (4)            |
     +---------------------------------------------------------------+
     |  chaddr (16) | sname (64) | file (128)                        |
     +---------------------------------------------------------------+
     |  magic cookie 0x63825363 (4) | options (variable)             |
     +---------------------------------------------------------------+

  The spec never fails on option contents: an option whose length runs past the end of
  its area keeps the bytes that are there (the adapter compares body size with len), and
  an area ending with a lone option code leaves that byte in `trailing`. It fails only
  when the datagram is shorter than the 236-byte fixed header. The cookie is read when
  present and not validated here, so a BOOTP message without it still yields its header;
  options are parsed only behind a correct cookie.

  Option Overload (option 52, RFC 2132 section 9.3): the sname and/or file fields hold
  further options. `sname_options` and `file_options` parse them; they are instances,
  evaluated only when the adapter asks, i.e. when option 52 says so.
seq:
  - id: op
    type: u1
    doc: 1 BOOTREQUEST, 2 BOOTREPLY
  - id: htype
    type: u1
    doc: hardware address type (1 = Ethernet)
  - id: hlen
    type: u1
    doc: hardware address length (6 for Ethernet)
  - id: hops
    type: u1
  - id: xid
    type: u4
  - id: secs
    type: u2
  - id: flags
    type: u2
  - id: ciaddr
    type: u4
  - id: yiaddr
    type: u4
  - id: siaddr
    type: u4
  - id: giaddr
    type: u4
  - id: chaddr
    size: 16
  - id: sname
    size: 64
  - id: file
    size: 128
  - id: magic
    type: u4
    if: _io.size - _io.pos >= 4
  - id: options
    type: option_list
    size-eos: true
    if: has_cookie
instances:
  has_cookie:
    value: '_io.size >= 240 and magic == 0x63825363'
  sname_options:
    pos: 44
    size: 64
    type: option_list
  file_options:
    pos: 108
    size: 128
    type: option_list
types:
  option_list:
    doc: |
      Options up to End (255) or the end of the area. The loop stops when fewer than two
      bytes remain, so it never reads a length byte past the area; what is left (End, a pad
      byte, padding after End, or a lone option code) is in `trailing`.
    seq:
      - id: entries
        type: option
        repeat: until
        repeat-until: _.code == 255 or _io.size - _io.pos < 2
        if: _io.size - _io.pos >= 2
      - id: trailing
        size-eos: true
  option:
    seq:
      - id: code
        type: u1
      - id: len
        type: u1
        if: code != 0 and code != 255
      - id: body
        size: 'len <= _io.size - _io.pos ? len : _io.size - _io.pos'
        if: code != 0 and code != 255
