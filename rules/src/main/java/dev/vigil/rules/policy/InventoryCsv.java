package dev.vigil.rules.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The authorized inventory as CSV ({@code --inventory FILE.csv}): the plain interchange format a site
 * engineer exports from a spreadsheet or the vendor's station report. The header is exactly
 * {@code mac,ip,name,role}; either of mac and ip may be empty, not both; role is one of the policy's
 * roles. RFC 4180 quoting is handled by jackson-dataformat-csv; a UTF-8 byte order mark (Excel) is
 * skipped; blank lines are ignored. Every problem is reported with {@code file:line}, all at once.
 */
public final class InventoryCsv {
    /** The only header accepted. */
    public static final String HEADER = "mac,ip,name,role";
    /** Largest inventory file read. */
    public static final int MAX_BYTES = 16 << 20;
    /** Most devices read from one file. */
    public static final int MAX_ENTRIES = 100_000;

    private InventoryCsv() {
    }

    /** Reads and validates an inventory file. */
    public static List<InventoryEntry> load(Path path) throws PolicyException {
        String name = path.toString();
        byte[] bytes;
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new PolicyException(List.of(name + ": larger than " + MAX_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new PolicyException(List.of(name + ": cannot read: " + e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyException(List.of(name + ": not UTF-8 text (save the spreadsheet as CSV UTF-8)"));
        }
        return parse(text, name);
    }

    /** Reads and validates inventory CSV text; {@code source} names it in messages. */
    public static List<InventoryEntry> parse(String text, String source) throws PolicyException {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> problems = new ArrayList<>();
        List<InventoryEntry> out = new ArrayList<>();
        Map<String, InventoryEntry> macs = new HashMap<>();
        Map<String, InventoryEntry> ips = new HashMap<>();
        CsvMapper mapper = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .enable(CsvParser.Feature.SKIP_EMPTY_LINES).enable(CsvParser.Feature.TRIM_SPACES).build();
        try (Reader r = new StringReader(text);
             CsvParser p = mapper.getFactory().createParser(r)) {
            boolean header = true;
            List<String> row = new ArrayList<>();
            int line = 0;
            int depth = 0; // 1: the document (WRAP_AS_ARRAY), 2: a record
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    depth++;
                    row.clear();
                } else if (t == JsonToken.VALUE_STRING) {
                    if (row.isEmpty()) {
                        line = p.currentTokenLocation().getLineNr(); // where the record starts
                    }
                    row.add(p.getText().strip()); // spreadsheets pad cells
                } else if (t == JsonToken.END_ARRAY && --depth == 1) {
                    if (row.size() == 1 && row.get(0).isEmpty()) {
                        continue; // a line of spaces
                    }
                    if (header) {
                        header = false;
                        String h = String.join(",", row);
                        if (!h.equals(HEADER)) {
                            problems.add(source + ":" + line + ": the header must be exactly '" + HEADER
                                    + "', not '" + h + "'");
                            break;
                        }
                        continue;
                    }
                    if (out.size() >= MAX_ENTRIES) {
                        problems.add(source + ":" + line + ": more than " + MAX_ENTRIES + " devices");
                        break;
                    }
                    InventoryEntry e = row(row, new Origin(source, line, 0), problems);
                    if (e != null) {
                        int before = problems.size();
                        Policy.index(e, macs, ips, problems);
                        if (problems.size() == before) {
                            out.add(e);
                        }
                    }
                }
            }
            if (header) {
                problems.add(source + ":1: empty file; the first line must be '" + HEADER + "'");
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            problems.add(source + (l != null && l.getLineNr() > 0 ? ":" + l.getLineNr() : "") + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(source + ": " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return out;
    }

    private static InventoryEntry row(List<String> row, Origin at, List<String> problems) {
        if (row.size() != 4) {
            problems.add(at + ": expected 4 columns (" + HEADER + "), found " + row.size());
            return null;
        }
        String macText = row.get(0);
        String ipText = row.get(1);
        String name = row.get(2).isEmpty() ? null : row.get(2);
        String roleText = row.get(3);
        int before = problems.size();
        String mac = null;
        String ip = null;
        if (macText.isEmpty() && ipText.isEmpty()) {
            problems.add(at + ": mac and ip are both empty; give one or both");
        }
        if (!macText.isEmpty()) {
            mac = Mac.normalize(macText);
            if (mac == null) {
                problems.add(at + ": '" + macText + "' is not a MAC address");
            } else if (Mac.isGroupOrZero(mac)) {
                problems.add(at + ": " + mac + " is a group or zero MAC address, not one device");
            }
        }
        if (!ipText.isEmpty()) {
            byte[] a = Ip.parse(ipText);
            if (a == null) {
                problems.add(at + ": '" + ipText + "' is not an IP address");
            } else if (Ip.isGroupOrUnspecified(a)) {
                problems.add(at + ": " + ipText + " is a broadcast, multicast or unspecified address");
            } else {
                ip = Ip.format(a);
            }
        }
        Role role = Role.ofLabel(roleText);
        if (role == null) {
            problems.add(at + ": " + (roleText.isEmpty() ? "role is empty" : "unknown role '" + roleText + "'")
                    + " (" + Role.labels() + ")");
        }
        if (problems.size() > before) {
            return null;
        }
        return new InventoryEntry(mac, ip, name, role, null, at);
    }
}
