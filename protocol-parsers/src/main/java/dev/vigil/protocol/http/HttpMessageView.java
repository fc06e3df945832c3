package dev.vigil.protocol.http;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.x message head as parsed by {@link HttpParser}: offsets into the parser's header
 * block buffer (copied once from the stream), valid until the parser starts the next message.
 *
 * <pre>
 *  request-line  = method SP request-target SP HTTP-version CRLF      (RFC 9112 §3)
 *  status-line   = HTTP-version SP status-code SP [ reason-phrase ] CRLF (RFC 9112 §4)
 *  *( field-name ":" OWS field-value OWS CRLF )                       (RFC 9112 §5)
 *  CRLF
 *  [ message-body ]                                                    (RFC 9112 §6)
 * </pre>
 *
 * A message cut short (header cap, malformed line, stream gap, end of stream) is still
 * delivered: {@link #failure()} names what went wrong and {@link #complete()} is false.
 */
public final class HttpMessageView {
    byte[] buf;
    boolean request;
    boolean startLineValid;
    int methodOff;
    int methodLen;
    int targetOff;
    int targetLen;
    int versionMajor = -1;
    int versionMinor = -1;
    int status = -1;
    int reasonOff;
    int reasonLen;
    final int[] nameOff;
    final int[] nameLen;
    final int[] valueOff;
    final int[] valueLen;
    int headerCount;
    long contentLength = -1;
    boolean chunked;
    long bodyBytes;
    boolean complete;
    boolean tooManyReported;
    DecodeEventType failure;

    HttpMessageView(int maxHeaders) {
        nameOff = new int[maxHeaders];
        nameLen = new int[maxHeaders];
        valueOff = new int[maxHeaders];
        valueLen = new int[maxHeaders];
    }

    void clear(boolean isRequest) {
        request = isRequest;
        startLineValid = false;
        methodOff = methodLen = targetOff = targetLen = reasonOff = reasonLen = 0;
        versionMajor = versionMinor = -1;
        status = -1;
        headerCount = 0;
        contentLength = -1;
        chunked = false;
        bodyBytes = 0;
        complete = false;
        tooManyReported = false;
        failure = null;
    }

    /** True for a request, false for a response. */
    public boolean isRequest() {
        return request;
    }

    /** The start line parsed (method, target and version, or version and status). */
    public boolean startLineValid() {
        return startLineValid;
    }

    /** Head and body were framed to their end without error. */
    public boolean complete() {
        return complete;
    }

    /** Why the message is partial, or null. */
    public DecodeEventType failure() {
        return failure;
    }

    public int versionMajor() {
        return versionMajor;
    }

    public int versionMinor() {
        return versionMinor;
    }

    /** Status code of a response, -1 for a request or when not parsed. */
    public int status() {
        return status;
    }

    /** Body bytes seen (chunked: the sum of chunk sizes, not the framing). */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Content-Length when present and valid, else -1. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public int headerCount() {
        return headerCount;
    }

    /** Index of the first header whose name equals {@code lowerCaseName} ignoring case, or -1. */
    public int header(String lowerCaseName) {
        int n = lowerCaseName.length();
        for (int i = 0; i < headerCount; i++) {
            if (nameLen[i] == n && equalsIgnoreCase(nameOff[i], lowerCaseName)) {
                return i;
            }
        }
        return -1;
    }

    public int valueOffset(int header) {
        return valueOff[header];
    }

    public int valueLength(int header) {
        return valueLen[header];
    }

    /** The header block buffer the offsets refer to. */
    public byte[] buffer() {
        return buf;
    }

    /** Method as a String (leaves the process), or null. */
    public String method() {
        return startLineValid && request ? ascii(methodOff, methodLen, Integer.MAX_VALUE) : null;
    }

    /** Request target, at most {@code max} bytes, or null. */
    public String target(int max) {
        return startLineValid && request ? ascii(targetOff, targetLen, max) : null;
    }

    public int targetLength() {
        return targetLen;
    }

    /** Header value, at most {@code max} bytes, or null when absent. */
    public String headerValue(String lowerCaseName, int max) {
        int h = header(lowerCaseName);
        return h < 0 ? null : ascii(valueOff[h], valueLen[h], max);
    }

    /** Bytes as ISO-8859-1 text (RFC 9110 §5.5: field values are octets; obs-text kept as Latin-1). */
    public String ascii(int off, int len, int max) {
        return new String(buf, off, Math.min(len, max), StandardCharsets.ISO_8859_1);
    }

    private boolean equalsIgnoreCase(int off, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = buf[off + i] & 0xFF;
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
