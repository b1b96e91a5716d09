package sensor.report;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sensor.kafka.RecordConverter;
import sensor.output.DnsField;
import sensor.output.DnsRecord;
import sensor.output.SmtpField;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The transaction records of finished replay or live output directories, read back in capture
 * time order (ties in file order), the order in which {@code aggregate} feeds them too: the
 * aggregate it gives is the replay's own. Records are streamed from the files at each
 * {@link #scan}, never held: a file already in time order is read as it is, another is sorted
 * in runs of {@link #RUN} lines spilled to temporary files and merged.
 */
public final class Records {
    /** Lines sorted in memory at once when a file is out of time order (about 5 MB of a dns.jsonl). */
    static final int RUN = 8_192;

    /** A directory or file that cannot be read: the message is the whole story. */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * What the last scan read.
     *
     * @param unreadable lines that were no record (a live file's last line cut mid-write)
     * @param outside    records outside the window
     * @param evicted    records in the window the sensor wrote from state it evicted ({@code "evicted": true})
     * @param status     DNS transactions by {@link DnsTransaction.Status} ordinal
     */
    public record Stats(long dns, long smtp, long[] status, long malformed, long smtpMissedBytes, long unreadable,
            long outside, long evicted, boolean nanoPrecision, long first, long last) {}

    private final List<Path> directories;
    private final Window window;
    private final List<Path> dnsFiles;
    private final List<Path> smtpFiles;
    private final int runLines;
    private Stats stats;

    private Records(List<Path> directories, Window window, List<Path> dnsFiles, List<Path> smtpFiles, int runLines) {
        this.runLines = runLines;
        this.directories = directories;
        this.window = window;
        this.dnsFiles = dnsFiles;
        this.smtpFiles = smtpFiles;
    }

    /** dns.jsonl and the hourly files of live --rotate (dns.20160916-10.jsonl). */
    private static Pattern files(String base) {
        return Pattern.compile(Pattern.quote(base) + "(\\.\\d{8}-\\d{2})?\\.jsonl");
    }

    /** The record files of the directories, not read yet; a directory without any is Unreadable. */
    public static Records open(List<Path> directories, Window window) {
        return open(directories, window, RUN);
    }

    /** As {@link #open(List, Window)}, sorting out-of-order files in runs of this many lines. */
    static Records open(List<Path> directories, Window window, int runLines) {
        List<Path> dns = new ArrayList<>();
        List<Path> smtp = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new Unreadable(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
            }
            List<Path> dnsFiles = list(dir, files("dns"));
            List<Path> smtpFiles = list(dir, files("smtp"));
            if (dnsFiles.isEmpty() && smtpFiles.isEmpty()) {
                throw new Unreadable(dir + ": no dns.jsonl or smtp.jsonl (not a sensor output directory?)");
            }
            dns.addAll(dnsFiles);
            smtp.addAll(smtpFiles);
        }
        return new Records(List.copyOf(directories), window, List.copyOf(dns), List.copyOf(smtp), runLines);
    }

    public List<Path> directories() {
        return directories;
    }

    public Window window() {
        return window;
    }

    /** What the last {@link #scan} read; the counts need one first. */
    public Stats stats() {
        if (stats == null) {
            throw new IllegalStateException("records not scanned yet");
        }
        return stats;
    }

    public boolean nanoPrecision() {
        return stats().nanoPrecision();
    }

    /** The first and last record time, or null without records. */
    public long[] span() {
        return stats().first() == Long.MAX_VALUE ? null : new long[] {stats().first(), stats().last()};
    }

    /**
     * Every record in the window, in capture time order, DNS before SMTP at the same instant (as a
     * replay feeds the aggregation); a null consumer skips that kind's files. A scan of both kinds
     * sets {@link #stats}.
     */
    public Stats scan(Consumer<DnsTransaction> dns, Consumer<SmtpSession> smtp) {
        Tally tally = new Tally();
        try (Merge<DnsRecord> d = new Merge<>(dns == null ? List.of() : dnsFiles, RecordConverter::dnsRecord,
                        r -> r.transaction().tsNanos(), DnsRecord::evicted, window, tally, runLines);
                Merge<SmtpSession> s = new Merge<>(smtp == null ? List.of() : smtpFiles, RecordConverter::smtp,
                        SmtpSession::tsNanos, m -> false, window, tally, runLines)) {
            DnsTransaction t = transaction(d.next());
            SmtpSession m = s.next();
            while (t != null || m != null) {
                if (m == null || (t != null && t.tsNanos() <= m.tsNanos())) {
                    tally.dns(t);
                    dns.accept(t);
                    t = transaction(d.next());
                } else {
                    tally.smtp(m);
                    smtp.accept(m);
                    m = s.next();
                }
            }
        }
        Stats read = tally.stats();
        if (dns != null && smtp != null) {
            stats = read;
        }
        return read;
    }

    private static DnsTransaction transaction(DnsRecord r) {
        return r == null ? null : r.transaction();
    }

    /** The record files of one kind, the rotated hours first and the current file last. */
    private static List<Path> list(Path dir, Pattern name) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().split("\\.").length == 2)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new Unreadable(dir + ": " + e.getMessage());
        }
    }

    /** The counts a scan makes as it goes. */
    private static final class Tally {
        long dns;
        long smtp;
        final long[] status = new long[DnsTransaction.Status.values().length];
        long malformed;
        long missed;
        long unreadable;
        long outside;
        long evicted;
        boolean nano;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void dns(DnsTransaction t) {
            dns++;
            status[t.status().ordinal()]++;
            malformed += t.malformed() != null ? 1 : 0;
            seen(t.tsNanos());
        }

        void smtp(SmtpSession s) {
            smtp++;
            missed += s.missedBytes();
            seen(s.tsNanos());
        }

        private void seen(long ts) {
            first = Math.min(first, ts);
            last = Math.max(last, ts);
        }

        Stats stats() {
            return new Stats(dns, smtp, status, malformed, missed, unreadable, outside, evicted, nano, first, last);
        }
    }

    /** One line with its time and its place in the files read one after another (ties keep that order). */
    private record Line(long ts, long seq, String text) {}

    /** The time member's start: both kinds of line begin with it ({@link DnsField#TS}, {@link SmtpField#TS}). */
    private static final String TIME = "\"" + DnsField.TS.json() + "\":\"";
    private static final byte[] TS = ("{" + TIME).getBytes(StandardCharsets.US_ASCII);

    private static final Comparator<Line> ORDER = Comparator.comparingLong(Line::ts).thenComparingLong(Line::seq);

    /** The lines of several files merged by (time, place); out-of-order files sorted through spilled runs. */
    private static final class Merge<T> implements AutoCloseable {
        private final Function<String, T> convert;
        private final ToLongFunction<T> ts;
        private final Predicate<T> evicted;
        private final Window window;
        private final Tally tally;
        private final int runLines;
        private final List<Run> runs = new ArrayList<>();
        private final List<Path> spilled = new ArrayList<>();
        private final PriorityQueue<Run> heads = new PriorityQueue<>(Comparator.comparing(Run::head, ORDER));

        Merge(List<Path> files, Function<String, T> convert, ToLongFunction<T> ts, Predicate<T> evicted, Window window,
                Tally tally, int runLines) {
            this.runLines = runLines;
            this.convert = convert;
            this.ts = ts;
            this.evicted = evicted;
            this.window = window;
            this.tally = tally;
            try {
                for (int i = 0; i < files.size(); i++) {
                    Path f = files.get(i);
                    long base = (long) i << 40;
                    if (inOrder(f)) {
                        runs.add(new FileRun(f, base));
                    } else {
                        spill(f, base);
                    }
                }
                for (Run r : runs) {
                    if (r.advance()) {
                        heads.add(r);
                    }
                }
            } catch (IOException e) {
                close();
                throw new Unreadable(e.getMessage());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /** The next record in the window, or null at the end. */
        T next() {
            while (!heads.isEmpty()) {
                Run r = heads.poll();
                Line line = r.head();
                try {
                    if (r.advance()) {
                        heads.add(r);
                    }
                } catch (IOException e) {
                    throw new Unreadable(r.name() + ": " + e.getMessage());
                }
                if (line.ts() != Long.MIN_VALUE && !window.contains(line.ts())) {
                    tally.outside++;
                    continue;
                }
                T record;
                try {
                    record = convert.apply(line.text());
                } catch (RecordConverter.BadRecord e) {
                    tally.unreadable++;
                    continue;
                }
                if (!window.contains(ts.applyAsLong(record))) {
                    tally.outside++;
                    continue;
                }
                if (!tally.nano && nanoTime(line.text())) {
                    tally.nano = true;
                }
                if (evicted.test(record)) {
                    tally.evicted++;
                }
                return record;
            }
            return null;
        }

        /**
         * Whether the file's lines are in time order, read as bytes: the sensor writes {@code ts}
         * first, and times of one length compare as their text does (another length, a
         * different precision, is parsed); a line without a time is left to the conversion.
         */
        private static boolean inOrder(Path f) throws IOException {
            byte[] head = new byte[48];
            String previous = null;
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                int n = 0;
                for (int got = in.read(buf); ; got = in.read(buf)) {
                    for (int i = 0; i < got; i++) {
                        byte c = buf[i];
                        if (c != '\n') {
                            if (n < head.length) {
                                head[n] = c;
                            }
                            n++;
                            continue;
                        }
                        String t = timeText(head, Math.min(n, head.length));
                        if (t != null) {
                            if (previous != null && before(t, previous)) {
                                return false;
                            }
                            previous = t;
                        }
                        n = 0;
                    }
                    if (got < 0) {
                        String t = timeText(head, Math.min(n, head.length));
                        return t == null || previous == null || !before(t, previous);
                    }
                }
            } catch (IOException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
        }

        /** The time text of a line that starts {"ts":"...", or null. */
        private static String timeText(byte[] head, int n) {
            int start = TS.length;
            if (n <= start) {
                return null;
            }
            for (int i = 0; i < start; i++) {
                if (head[i] != TS[i]) {
                    return null;
                }
            }
            for (int i = start; i < n; i++) {
                if (head[i] == '"') {
                    return new String(head, start, i - start, StandardCharsets.US_ASCII);
                }
            }
            return null;
        }

        private static boolean before(String t, String previous) {
            if (t.length() == previous.length()) {
                return t.compareTo(previous) < 0;
            }
            long a = time(TIME + t + "\"");
            long b = time(TIME + previous + "\"");
            return a != Long.MIN_VALUE && b != Long.MIN_VALUE && a < b;
        }

        /** The file as runs of {@code runLines} lines, each sorted and written to a temporary file. */
        private void spill(Path f, long base) throws IOException {
            try (BufferedReader r = reader(f)) {
                List<Line> run = new ArrayList<>(runLines);
                long seq = base;
                for (String line = r.readLine(); ; line = r.readLine()) {
                    if (line != null && !line.isBlank()) {
                        run.add(new Line(time(line), seq++, line));
                    }
                    if (run.size() == runLines || (line == null && !run.isEmpty())) {
                        run.sort(ORDER);
                        Path tmp = Files.createTempFile("sensor-report-", ".run");
                        spilled.add(tmp);
                        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                            for (Line l : run) {
                                w.write(l.ts() + " " + l.seq() + " " + l.text());
                                w.newLine();
                            }
                        }
                        runs.add(new SpilledRun(tmp, f));
                        run.clear();
                    }
                    if (line == null) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            for (Run r : runs) {
                r.close();
            }
            for (Path p : spilled) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A temporary file left behind is the system's to clean; the report stands.
                }
            }
        }
    }

    /** A sorted source of lines: the head is the current one. */
    private abstract static class Run {
        private final Path file;
        private final BufferedReader in;
        Line head;

        Run(Path open, Path file) throws IOException {
            this.file = file;
            this.in = reader(open);
        }

        Line head() {
            return head;
        }

        String name() {
            return file.toString();
        }

        /** Reads the next line into head; false at the end. */
        boolean advance() throws IOException {
            for (String s = in.readLine(); s != null; s = in.readLine()) {
                if (!s.isBlank()) {
                    head = parse(s);
                    return true;
                }
            }
            head = null;
            return false;
        }

        abstract Line parse(String s);

        void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Read to the end or abandoned: nothing of it is needed any more.
            }
        }
    }

    /** A record file already in time order. */
    private static final class FileRun extends Run {
        private long seq;

        FileRun(Path f, long base) throws IOException {
            super(f, f);
            this.seq = base;
        }

        @Override
        Line parse(String s) {
            return new Line(time(s), seq++, s);
        }
    }

    /** A sorted run of an out-of-order file: "time place line" per line. */
    private static final class SpilledRun extends Run {
        SpilledRun(Path tmp, Path of) throws IOException {
            super(tmp, of);
        }

        @Override
        Line parse(String s) {
            int a = s.indexOf(' ');
            int b = s.indexOf(' ', a + 1);
            return new Line(Long.parseLong(s, 0, a, 10), Long.parseLong(s, a + 1, b, 10), s.substring(b + 1));
        }
    }

    private static BufferedReader reader(Path f) throws IOException {
        try {
            return Files.newBufferedReader(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    /**
     * The line's {@code ts} in epoch nanoseconds, read without parsing the record; Long.MIN_VALUE
     * when it has none (the record's conversion then counts it as unreadable).
     */
    static long time(String line) {
        int at = line.indexOf(TIME);
        int end = at < 0 ? -1 : line.indexOf('"', at + TIME.length());
        if (end < 0) {
            return Long.MIN_VALUE;
        }
        long fast = utc(line, at + TIME.length(), end);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        try {
            Instant i = Instant.parse(line.substring(at + TIME.length(), end));
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The time as the sensor writes it ({@code 2016-09-16T00:01:49.194777Z}, up to nine fraction
     * digits) in epoch nanoseconds, read by hand because Instant.parse cost as much as the rest of
     * a line's reading; Long.MIN_VALUE for any other form, which Instant.parse then reads.
     */
    static long utc(String s, int from, int to) {
        if (to - from < 20 || s.charAt(to - 1) != 'Z' || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-'
                || s.charAt(from + 10) != 'T' || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return Long.MIN_VALUE;
        }
        long fraction = 0;
        int i = from + 19;
        if (i < to - 1) {
            int count = to - 1 - (i + 1);
            if (s.charAt(i) != '.' || count < 1 || count > 9) {
                return Long.MIN_VALUE;
            }
            int f = digits(s, i + 1, count);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            fraction = f;
            for (int k = count; k < 9; k++) {
                fraction *= 10;
            }
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            long seconds = days * 86_400 + hour * 3600L + minute * 60L + second;
            return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), fraction);
        } catch (DateTimeException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The number in n ASCII digits at from, or -1. */
    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Whether the line's time has nanoseconds: the report then prints them too. */
    private static boolean nanoTime(String line) {
        int at = line.indexOf(TIME);
        int end = at < 0 ? -1 : line.indexOf('"', at + TIME.length());
        return end > 0 && RecordConverter.nanoPrecision(line.substring(at + TIME.length(), end));
    }
}
