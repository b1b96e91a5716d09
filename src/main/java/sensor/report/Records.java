package sensor.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import sensor.kafka.RecordConverter;
import sensor.smtp.SmtpSession;
import sensor.txn.DnsTransaction;

/**
 * The transaction records of finished replay or live output directories, read back in capture
 * time order (ties in file order), the order in which {@code aggregate} feeds them too: the
 * aggregate it gives is the replay's own.
 *
 * @param unreadable lines that were no record (a live file's last line cut mid-write)
 * @param outside    records outside the window
 * @param evicted    records in the window the sensor wrote from state it evicted ({@code "evicted": true})
 */
public record Records(List<Path> directories, Window window, List<DnsTransaction> dns, List<SmtpSession> smtp,
        boolean nanoPrecision, long unreadable, long outside, long evicted) {

    /** A directory that cannot be read or holds no records: the message is the whole story. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /** dns.jsonl and the hourly files of live --rotate (dns.20160916-10.jsonl). */
    private static Pattern files(String base) {
        return Pattern.compile(Pattern.quote(base) + "(\\.\\d{8}-\\d{2})?\\.jsonl");
    }

    public static Records load(List<Path> directories, Window window) throws Unreadable {
        List<DnsTransaction> dns = new ArrayList<>();
        List<SmtpSession> smtp = new ArrayList<>();
        long[] counts = new long[4]; // unreadable, outside, nano-precision lines, evicted
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                throw new Unreadable(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
            }
            List<Path> dnsFiles = list(dir, files("dns"));
            List<Path> smtpFiles = list(dir, files("smtp"));
            if (dnsFiles.isEmpty() && smtpFiles.isEmpty()) {
                throw new Unreadable(dir + ": no dns.jsonl or smtp.jsonl (not a sensor output directory?)");
            }
            for (Path f : dnsFiles) {
                read(f, RecordConverter::dns, DnsTransaction::tsNanos, window, dns, counts);
            }
            for (Path f : smtpFiles) {
                read(f, RecordConverter::smtp, SmtpSession::tsNanos, window, smtp, counts);
            }
        }
        // List.sort is stable: equal times keep their file order.
        dns.sort(Comparator.comparingLong(DnsTransaction::tsNanos));
        smtp.sort(Comparator.comparingLong(SmtpSession::tsNanos));
        return new Records(List.copyOf(directories), window, dns, smtp, counts[2] > 0, counts[0], counts[1], counts[3]);
    }

    /** The record files of one kind, the rotated hours first and the current file last. */
    private static List<Path> list(Path dir, Pattern name) throws Unreadable {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().split("\\.").length == 2)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new Unreadable(dir + ": " + e.getMessage());
        }
    }

    private static <T> void read(Path f, Function<String, T> convert, ToLongFunction<T> ts,
            Window window, List<T> into, long[] counts) throws Unreadable {
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                T record;
                try {
                    record = convert.apply(line);
                } catch (RecordConverter.BadRecord e) {
                    counts[0]++;
                    continue;
                }
                if (!window.contains(ts.applyAsLong(record))) {
                    counts[1]++;
                    continue;
                }
                if (counts[2] == 0 && nanoTime(line)) {
                    counts[2]++;
                }
                if (line.contains("\"evicted\":true")) {
                    counts[3]++;
                }
                into.add(record);
            }
        } catch (IOException e) {
            throw new Unreadable(f + ": " + e.getMessage());
        }
    }

    /** Whether the line's time has nanoseconds: the report then prints them too. */
    private static boolean nanoTime(String line) {
        int at = line.indexOf("\"ts\":\"");
        int end = at < 0 ? -1 : line.indexOf('"', at + 6);
        return end > 0 && RecordConverter.nanoPrecision(line.substring(at + 6, end));
    }

    /** The first and last record time, or null without records. */
    public long[] span() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        if (!dns.isEmpty()) {
            first = dns.get(0).tsNanos();
            last = dns.get(dns.size() - 1).tsNanos();
        }
        if (!smtp.isEmpty()) {
            first = Math.min(first, smtp.get(0).tsNanos());
            last = Math.max(last, smtp.get(smtp.size() - 1).tsNanos());
        }
        return first == Long.MAX_VALUE ? null : new long[] {first, last};
    }
}
