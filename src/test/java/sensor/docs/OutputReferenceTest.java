package sensor.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sensor.cli.SensorCommand;
import sensor.output.RecordField;
import sensor.testutil.JsonPaths;
import sensor.testutil.SharedCorpus;

/**
 * output.md documents every field the sensor writes: the demo capture (with --groups) and public
 * captures chosen for their rare fields (EDNS client subnet, a dynamic update, a malformed
 * message, records from evicted state, SMTP to a looked-up name, renames and aliases) are
 * replayed (the demo once more with --max-pairs small enough to make its tables approximate),
 * and every field path of every record must be listed; a field listed as "always"
 * must be in every record of its file; a field listed without a condition starting with
 * "conditional" must be written by one of these captures. The files whose fields an enum defines
 * (dns.jsonl, smtp.jsonl, pdns.jsonl) must list exactly its fields, in its order, "always" where it
 * says so.
 */
class OutputReferenceTest {
    static final Path DOC = Path.of("src/site/markdown/output.md");
    static final List<String> FILES = List.of("dns.jsonl", "smtp.jsonl", "pdns.jsonl", "pairs.jsonl", "servers.jsonl",
            "events.jsonl", "summary.json");
    /** Public captures, each for a field no other of these writes. */
    static final List<String> PUBLIC = List.of(
            "zeek/dns-edns-ecs.pcap", // ecs, bailiwick
            "suricata-verify/dns-answer-emptydata.pcap", // update
            "suricata-verify/dns-corrupt-additionals.pcap", // malformed
            "suricata-verify/datasets-06-state-long.pcap", // evicted
            "zeek/smtp.pcap", // smtp_evidence on a name
            "ndpi/KakaoTalk_chat.pcap", // possible_rename and alias events
            "ndpi/synscan.pcap"); // SMTP without an answer

    @TempDir
    static Path tmp;
    static List<Path> outputs = new ArrayList<>();
    /** Whether the public captures were replayed: the fields only they write are owed then. */
    static boolean withCorpus;

    /** A field as documented: its path, when it is written, and whether its children are a map's keys. */
    record Field(String path, String when, boolean map) {
        boolean always() {
            return when.startsWith("always");
        }

        boolean conditional() {
            return when.startsWith("conditional");
        }
    }

    @BeforeAll
    static void replay() {
        outputs.add(replay("demo", "--groups", "captures/demo-2016.groups", "captures/demo-2016.pcap"));
        // Tables past their bound: the approximate fields.
        outputs.add(replay("demo-approximate", "--max-pairs", "20", "captures/demo-2016.pcap"));
        // Without the public captures (a user's clone) the demo's fields are still checked.
        if (!SharedCorpus.present()) {
            System.err.println("output.md checked against the demo only: no shared corpus at " + SharedCorpus.root());
            return;
        }
        withCorpus = true;
        for (String c : PUBLIC) {
            outputs.add(replay(c.replace('/', '_'), SharedCorpus.root().resolve(c).toString()));
        }
    }

    private static Path replay(String name, String... args) {
        Path out = tmp.resolve(name);
        List<String> all = new ArrayList<>(List.of("replay", "--quiet", "-o", out.toString()));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        CommandLine cl = SensorCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(all.toArray(String[]::new)), err.toString());
        return out;
    }

    /** Per file, the fields of output.md's table under its heading. */
    static Map<String, List<Field>> documented() throws IOException {
        Map<String, List<Field>> doc = new LinkedHashMap<>();
        List<Field> current = null;
        Pattern name = Pattern.compile("`([^`]+)`");
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("## ")) {
                String heading = line.substring(3).strip();
                current = FILES.contains(heading) ? doc.computeIfAbsent(heading, k -> new ArrayList<>()) : null;
            } else if (current != null && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String type = cells[2].strip();
                String when = cells[3].strip();
                Matcher m = name.matcher(cells[1]);
                while (m.find()) {
                    current.add(new Field(m.group(1), when, type.startsWith("map")));
                }
            }
        }
        return doc;
    }

    /** Each record of a file as its field paths. */
    static List<Set<String>> records(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Set<String>> out = new ArrayList<>();
        if (file.getFileName().toString().endsWith(".json")) {
            Set<String> p = new TreeSet<>();
            JsonPaths.of(json.readTree(file.toFile()), "", p);
            out.add(p);
            return out;
        }
        for (String line : Files.readAllLines(file)) {
            Set<String> p = new TreeSet<>();
            JsonPaths.of(json.readTree(line), "", p);
            out.add(p);
        }
        return out;
    }

    /** Whether a written path is documented: itself, or a key of a documented map. */
    static boolean covered(String path, List<Field> fields) {
        for (Field f : fields) {
            if (f.path().equals(path) || (f.map() && path.startsWith(f.path() + "."))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyFileHasItsTable() throws IOException {
        assertEquals(FILES, new ArrayList<>(documented().keySet()));
    }

    @Test
    void everyWrittenFieldIsDocumented() throws IOException {
        Map<String, List<Field>> doc = documented();
        Set<String> missing = new LinkedHashSet<>();
        for (Path out : outputs) {
            for (String file : FILES) {
                for (Set<String> record : records(out.resolve(file))) {
                    for (String p : record) {
                        if (!covered(p, doc.get(file))) {
                            missing.add(file + ": " + p);
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "written but not in " + DOC);
    }

    /** A path inside a list's elements is only owed by a record whose list has elements. */
    static boolean elementsPresent(String path, Set<String> record) {
        int at = path.indexOf("[]");
        if (at < 0) {
            return true;
        }
        String list = path.substring(0, at + 2);
        return record.stream().anyMatch(p -> p.startsWith(list));
    }

    @Test
    void alwaysMeansEveryRecord() throws IOException {
        Set<String> absent = new LinkedHashSet<>();
        for (Map.Entry<String, List<Field>> e : documented().entrySet()) {
            for (Path out : outputs) {
                for (Set<String> record : records(out.resolve(e.getKey()))) {
                    for (Field f : e.getValue()) {
                        if (f.always() && !record.contains(f.path()) && elementsPresent(f.path(), record)) {
                            absent.add(e.getKey() + ": " + f.path() + " (" + out.getFileName() + ")");
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), absent, "documented as 'always' but missing from a record");
    }

    @Test
    void everyDocumentedFieldIsWrittenOrConditional() throws IOException {
        Set<String> unseen = new LinkedHashSet<>();
        for (Map.Entry<String, List<Field>> e : documented().entrySet()) {
            Set<String> written = new TreeSet<>();
            for (Path out : outputs) {
                records(out.resolve(e.getKey())).forEach(written::addAll);
            }
            for (Field f : e.getValue()) {
                if (!f.conditional() && !written.contains(f.path()) && withCorpus) {
                    unseen.add(e.getKey() + ": " + f.path());
                }
            }
        }
        assertTrue(unseen.isEmpty(), "documented, written by none of the captures and not marked 'conditional': " + unseen);
    }

    @Test
    void definedFieldsAreDocumentedInTheirOrder() throws IOException {
        Map<String, List<Field>> doc = documented();
        for (String file : FILES) {
            List<? extends RecordField> defined = RecordField.of(file);
            if (defined == null) {
                continue;
            }
            List<String> paths = defined.stream().flatMap(f -> f.paths().stream()).toList();
            assertEquals(paths, doc.get(file).stream().map(Field::path).toList(),
                    file + ": the fields of " + ((Enum<?>) defined.get(0)).getDeclaringClass().getSimpleName() + " against " + DOC);
            for (RecordField f : defined) {
                Field d = doc.get(file).stream().filter(x -> x.path().equals(f.json())).findFirst().orElseThrow();
                assertEquals(f.always(), d.always(), file + ": " + f.json() + " 'always' in " + DOC);
            }
        }
    }
}
