package dev.vigil.protocol.websocket;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 framing: the examples of §5.7 byte for byte (fed whole and one octet at a time), the
 * three length encodings, fragmentation with an interleaved control frame, and one case per decode
 * event key.
 */
class WebSocketFrameParserTest {
    private final List<String> messages = new ArrayList<>();
    private final List<Integer> opcodes = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final WebSocketFrameParser.Sink sink = new WebSocketFrameParser.Sink() {
        @Override
        public void onMessage(int opcode, byte[] b, int off, int len) {
            opcodes.add(opcode);
            messages.add(new String(b, off, len, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onEvent(DecodeEventType type) {
            events.add(type.key());
        }
    };

    private WebSocketFrameParser parser(boolean fromClient) {
        WebSocketFrameParser p = new WebSocketFrameParser(fromClient, 70_000);
        p.reset(sink);
        return p;
    }

    private static void feed(WebSocketFrameParser p, byte[] b) {
        p.onData(new UnsafeBuffer(b), 0, b.length);
    }

    private static void feedBytewise(WebSocketFrameParser p, byte[] b) {
        UnsafeBuffer u = new UnsafeBuffer(b);
        for (int i = 0; i < b.length; i++) {
            p.onData(u, i, 1);
        }
    }

    // ---------------------------------------------------------------- RFC 6455 §5.7 examples

    /** "A single-frame unmasked text message": 0x81 0x05 0x48 0x65 0x6c 0x6c 0x6f ("Hello"). */
    @Test
    void unmaskedText() {
        WebSocketFrameParser p = parser(false);
        feed(p, hex("81 05 48 65 6c 6c 6f"));
        assertThat(messages).containsExactly("Hello");
        assertThat(opcodes).containsExactly(WebSocketFrameParser.OPCODE_TEXT);
        assertThat(events).isEmpty();
    }

    /** "A single-frame masked text message": 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58 ("Hello"). */
    @Test
    void maskedText() {
        WebSocketFrameParser p = parser(true);
        feedBytewise(p, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(messages).containsExactly("Hello");
        assertThat(events).isEmpty();
    }

    /** "A fragmented unmasked text message": 0x01 0x03 0x48 0x65 0x6c ("Hel"), 0x80 0x02 0x6c 0x6f ("lo"). */
    @Test
    void fragmentedText() {
        WebSocketFrameParser p = parser(false);
        feed(p, hex("01 03 48 65 6c"));
        assertThat(messages).isEmpty();
        feed(p, hex("80 02 6c 6f"));
        assertThat(messages).containsExactly("Hello");
        assertThat(events).isEmpty();
    }

    /**
     * "Unmasked Ping request and masked Ping response": 0x89 0x05 "Hello" and 0x8a 0x85 0x37 0xfa
     * 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58; control frames carry no message, here between two fragments.
     */
    @Test
    void pingPongIgnoredEvenBetweenFragments() {
        WebSocketFrameParser server = parser(false);
        feed(server, concat(hex("01 03 48 65 6c"), hex("89 05 48 65 6c 6c 6f"), hex("80 02 6c 6f")));
        assertThat(messages).containsExactly("Hello");
        WebSocketFrameParser client = parser(true);
        feed(client, hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58"));
        assertThat(messages).containsExactly("Hello");
        assertThat(events).isEmpty();
    }

    /** "256 bytes binary message in a single unmasked frame": 0x82 0x7E 0x0100 [256 bytes]. */
    @Test
    void binary256With16BitLength() {
        WebSocketFrameParser p = parser(false);
        byte[] data = new byte[256];
        Arrays.fill(data, (byte) 'a');
        feedBytewise(p, concat(hex("82 7e 0100"), data));
        assertThat(opcodes).containsExactly(WebSocketFrameParser.OPCODE_BINARY);
        assertThat(messages.get(0)).hasSize(256);
        assertThat(events).isEmpty();
    }

    /** "64KiB binary message in a single unmasked frame": 0x82 0x7F 0x0000000000010000 [65536 bytes]. */
    @Test
    void binary64KiBWith64BitLength() {
        WebSocketFrameParser p = parser(false);
        byte[] data = new byte[65536];
        Arrays.fill(data, (byte) 'b');
        byte[] frame = concat(hex("82 7f 0000000000010000"), data);
        feed(p, Arrays.copyOf(frame, 1000));
        feed(p, Arrays.copyOfRange(frame, 1000, frame.length));
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0)).hasSize(65536).containsOnlyOnce("b".repeat(65536));
        assertThat(events).isEmpty();
    }

    /** A masked fragmented message whose mask differs per frame; the key position restarts per frame. */
    @Test
    void maskedFragmentsAndTwoMessagesInOneSegment() {
        WebSocketFrameParser p = parser(true);
        byte[] f1 = masked(0x01, false, "INVITE sip:", hex("01 02 03 04"));
        byte[] f2 = masked(0x00, true, "a@b SIP/2.0", hex("a0 b0 c0 d0"));
        byte[] f3 = masked(0x01, true, "BYE", hex("ff 00 ff 00"));
        feed(p, concat(f1, f2, f3));
        assertThat(messages).containsExactly("INVITE sip:a@b SIP/2.0", "BYE");
        assertThat(p.messages()).isEqualTo(2);
        assertThat(events).isEmpty();
    }

    static byte[] masked(int opcode, boolean fin, String text, byte[] key) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ key[i & 3]);
        }
        return concat(new byte[] {(byte) ((fin ? 0x80 : 0) | opcode), (byte) (0x80 | data.length)}, key, out);
    }

    // ---------------------------------------------------------------- one test per event key

    @Test
    void invalidOpcode() {
        WebSocketFrameParser p = parser(false);
        feed(p, concat(hex("83 01 00"), hex("81 02 6f 6b"))); // opcode 3 is reserved; then "ok"
        assertThat(events).containsExactly("websocket.invalid_opcode");
        assertThat(messages).containsExactly("ok");
    }

    @Test
    void invalidContinuation() {
        WebSocketFrameParser p = parser(false);
        feed(p, hex("80 02 6c 6f")); // continuation, nothing to continue
        feed(p, concat(hex("01 01 61"), hex("81 01 62"))); // "a" unfinished, then a new text frame "b"
        assertThat(events).containsExactly("websocket.invalid_continuation", "websocket.invalid_continuation");
        assertThat(messages).containsExactly("b");
    }

    @Test
    void invalidControlFrame() {
        WebSocketFrameParser p = parser(false);
        feed(p, concat(hex("09 00"), hex("81 01 78"))); // ping without FIN, then "x"
        byte[] longPing = concat(hex("89 7e 007e"), new byte[126]);
        feed(p, longPing);
        assertThat(events).containsExactly("websocket.invalid_control_frame", "websocket.invalid_control_frame");
        assertThat(messages).containsExactly("x");
    }

    @Test
    void invalidLength() {
        WebSocketFrameParser p = parser(false);
        feed(p, concat(hex("82 7f 8000000000000001"), hex("81 01 78")));
        assertThat(events).containsExactly("websocket.invalid_length");
        assertThat(p.abandoned()).isTrue();
        assertThat(messages).isEmpty();
    }

    @Test
    void invalidMask() {
        WebSocketFrameParser client = parser(true);
        feed(client, hex("81 02 6f 6b")); // a client frame must be masked
        WebSocketFrameParser server = parser(false);
        feed(server, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58")); // a server frame must not be
        assertThat(events).containsExactly("websocket.invalid_mask", "websocket.invalid_mask");
        assertThat(messages).containsExactly("ok", "Hello");
    }

    @Test
    void compressed() {
        WebSocketFrameParser p = parser(false);
        feed(p, concat(hex("c1 03 f2 48 cd"), hex("81 01 79"))); // RSV1: permessage-deflate
        assertThat(events).containsExactly("websocket.compressed");
        assertThat(messages).containsExactly("y");
    }

    @Test
    void messageTooLarge() {
        WebSocketFrameParser p = new WebSocketFrameParser(false, 4);
        p.reset(sink);
        feed(p, concat(hex("01 03 61 62 63"), hex("80 02 64 65"), hex("81 02 6f 6b"))); // 5 > 4, then "ok"
        assertThat(events).containsExactly("websocket.message_too_large");
        assertThat(messages).containsExactly("ok");
    }

    @Test
    void streamGap() {
        WebSocketFrameParser p = parser(false);
        feed(p, hex("81 05 48 65"));
        p.onGap(2); // inside the payload: the message is lost, the framing kept
        feed(p, concat(hex("6f"), hex("81 02 6f 6b")));
        assertThat(messages).containsExactly("ok");
        p.onGap(3); // between frames: nothing to resynchronise on
        feed(p, hex("81 01 7a"));
        assertThat(events).containsExactly("websocket.stream_gap", "websocket.stream_gap");
        assertThat(messages).containsExactly("ok");
        assertThat(p.abandoned()).isTrue();
    }

    @Test
    void truncatedMessage() {
        WebSocketFrameParser p = parser(false);
        feed(p, hex("01 03 48 65 6c"));
        p.finish();
        assertThat(events).containsExactly("websocket.truncated_message");
        WebSocketFrameParser idle = parser(false);
        feed(idle, hex("81 01 7a"));
        idle.finish();
        assertThat(events).containsExactly("websocket.truncated_message");
    }

    @Test
    void everyEventKeyHasATest() {
        assertThat(List.of(WebSocketFrameParser.INVALID_OPCODE, WebSocketFrameParser.INVALID_CONTINUATION,
            WebSocketFrameParser.INVALID_CONTROL_FRAME, WebSocketFrameParser.INVALID_LENGTH,
            WebSocketFrameParser.INVALID_MASK, WebSocketFrameParser.COMPRESSED,
            WebSocketFrameParser.MESSAGE_TOO_LARGE, WebSocketFrameParser.STREAM_GAP,
            WebSocketFrameParser.TRUNCATED_MESSAGE))
            .extracting(DecodeEventType::key).allMatch(k -> k.startsWith("websocket.")).doesNotHaveDuplicates();
    }
}
