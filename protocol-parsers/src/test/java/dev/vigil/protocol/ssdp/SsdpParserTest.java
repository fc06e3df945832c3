package dev.vigil.protocol.ssdp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** SSDP messages as text (bytes of US-ASCII): a NOTIFY, an M-SEARCH, a response, one per event. */
class SsdpParserTest {
    static final String NOTIFY = "NOTIFY * HTTP/1.1\r\n"
            + "HOST: 239.255.255.250:1900\r\n"
            + "CACHE-CONTROL: max-age=120\r\n"
            + "lOCATION: http://192.168.1.1:7406/rootDesc.xml\r\n" // names match case-insensitively
            + "SERVER: UPnP/Tomato 1.28 UPnP/1.0 MiniUPnPd/1.6\r\n"
            + "NT: upnp:rootdevice\r\n"
            + "USN: uuid:04645c3d::upnp:rootdevice\r\n"
            + "NTS: ssdp:alive\r\n"
            + "\r\n";
    static final String SEARCH = "M-SEARCH * HTTP/1.1\n"          // bare LF line ends are tolerated
            + "HOST:239.255.255.250:1900\n"
            + "MAN: \"ssdp:discover\"\n"
            + "MX: 1\n"
            + "ST: urn:dial-multiscreen-org:service:dial:1\n"
            + "USER-AGENT: Google Chrome/60.0 Windows\n"
            + "\n";
    static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + "ST: upnp:rootdevice\r\n"
            + "USN: uuid:1::upnp:rootdevice\r\n"
            + "\r\n";

    private final SsdpParser parser = new SsdpParser();

    private int parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(new UnsafeBuffer(b), 0, b.length);
    }

    private String text(int offset, int length) {
        byte[] b = new byte[length];
        parser.buffer().getBytes(offset, b, 0, length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private String value(int h) {
        return parser.has(h) ? text(parser.valueOffset(h), parser.valueLength(h)) : null;
    }

    private void onlyEvent(DecodeEventType type) {
        assertThat(parser.eventCount()).isEqualTo(1);
        assertThat(parser.event(0)).isSameAs(type);
    }

    @Test
    void notifyAlive() {
        assertThat(parse(NOTIFY)).isEqualTo(SsdpParser.STATUS_OK);
        assertThat(parser.eventCount()).isZero();
        assertThat(parser.isRequest()).isTrue();
        assertThat(text(parser.methodOffset(), parser.methodLength())).isEqualTo("NOTIFY");
        assertThat(text(parser.uriOffset(), parser.uriLength())).isEqualTo("*");
        assertThat(text(parser.versionOffset(), parser.versionLength())).isEqualTo("HTTP/1.1");
        assertThat(value(SsdpParser.HOST)).isEqualTo("239.255.255.250:1900");
        assertThat(value(SsdpParser.LOCATION)).isEqualTo("http://192.168.1.1:7406/rootDesc.xml");
        assertThat(value(SsdpParser.NTS)).isEqualTo("ssdp:alive");
        assertThat(value(SsdpParser.NT)).isEqualTo("upnp:rootdevice");
        assertThat(value(SsdpParser.ST)).isNull();
        assertThat(parser.headerLines()).isEqualTo(7);
    }

    @Test
    void mSearchWithBareLineFeeds() {
        assertThat(parse(SEARCH)).isEqualTo(SsdpParser.STATUS_OK);
        assertThat(text(parser.methodOffset(), parser.methodLength())).isEqualTo("M-SEARCH");
        assertThat(value(SsdpParser.HOST)).isEqualTo("239.255.255.250:1900");
        assertThat(value(SsdpParser.MAN)).isEqualTo("\"ssdp:discover\"");
        assertThat(value(SsdpParser.USER_AGENT)).isEqualTo("Google Chrome/60.0 Windows");
        assertThat(value(SsdpParser.MX)).isEqualTo("1");
    }

    @Test
    void searchResponse() {
        assertThat(parse(RESPONSE)).isEqualTo(SsdpParser.STATUS_OK);
        assertThat(parser.isResponse()).isTrue();
        assertThat(parser.statusCode()).isEqualTo(200);
        assertThat(text(parser.reasonOffset(), parser.reasonLength())).isEqualTo("OK");
        assertThat(value(SsdpParser.USN)).isEqualTo("uuid:1::upnp:rootdevice");
    }

    @Test
    void badStartLine_binaryPayload() {
        assertThat(parse("\u0001\u0002 garbage\r\n\r\n")).isEqualTo(SsdpParser.STATUS_MALFORMED);
        onlyEvent(SsdpParser.BAD_START_LINE);
        assertThat(parser.isRequest() || parser.isResponse()).isFalse();
        assertThat(parse("HTTP/1.1 2x0 OK\r\n\r\n")).isEqualTo(SsdpParser.STATUS_MALFORMED);
        onlyEvent(SsdpParser.BAD_START_LINE);
    }

    @Test
    void badHeader_lineWithoutColon() {
        assertThat(parse("NOTIFY * HTTP/1.1\r\nNT upnp:rootdevice\r\nNTS: ssdp:byebye\r\n\r\n"))
                .isEqualTo(SsdpParser.STATUS_MALFORMED);
        onlyEvent(SsdpParser.BAD_HEADER);
        assertThat(value(SsdpParser.NTS)).isEqualTo("ssdp:byebye");
    }

    @Test
    void tooManyHeaders_overTheCap() {
        SsdpParser small = new SsdpParser(2);
        byte[] b = NOTIFY.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(small.parse(new UnsafeBuffer(b), 0, b.length)).isEqualTo(SsdpParser.STATUS_OK);
        assertThat(small.eventCount()).isEqualTo(1);
        assertThat(small.event(0)).isSameAs(SsdpParser.TOO_MANY_HEADERS);
        assertThat(small.has(SsdpParser.CACHE_CONTROL)).isTrue();
        assertThat(small.has(SsdpParser.SERVER)).isFalse();
    }

    @Test
    void truncated_noEmptyLine() {
        assertThat(parse("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootd"))
                .isEqualTo(SsdpParser.STATUS_TRUNCATED);
        onlyEvent(SsdpParser.TRUNCATED);
        assertThat(parser.isRequest()).isTrue();
        assertThat(value(SsdpParser.NT)).isEqualTo("upnp:rootd");
    }
}
