package sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The splitter hands whole lines of a segment over where they lie and buffers only the rest: it
 * must cut the same lines as a splitter that copies every byte, at any segment boundary, with
 * CRLF and bare LF, lines of exactly {@link LineSplitter#MAX_LINE} bytes and longer, BDAT chunks
 * skipped from inside the sink, and gaps.
 */
class LineSplitterTest {
    /** The byte-at-a-time splitter the fast path must agree with. */
    private static final class Reference {
        private final byte[] buf = new byte[LineSplitter.MAX_LINE];
        private final List<String> out;
        private int have;
        private boolean discarding;
        private long rawToSkip;

        Reference(List<String> out) {
            this.out = out;
        }

        void data(byte[] b, int off, int len) {
            for (int pos = off; pos < off + len;) {
                if (rawToSkip > 0) {
                    int n = (int) Math.min(rawToSkip, off + len - pos);
                    rawToSkip -= n;
                    pos += n;
                    continue;
                }
                byte c = b[pos++];
                if (c == '\n') {
                    if (!discarding) {
                        line(buf, 0, have > 0 && buf[have - 1] == '\r' ? have - 1 : have, false);
                    }
                    have = 0;
                    discarding = false;
                } else if (!discarding) {
                    if (have == LineSplitter.MAX_LINE) {
                        line(buf, 0, have, true);
                        have = 0;
                        discarding = true;
                    } else {
                        buf[have++] = c;
                    }
                }
            }
        }

        private void line(byte[] b, int off, int len, boolean cut) {
            String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
            out.add((cut ? "CUT " : "") + s);
            rawToSkip += skipAfter(s);
        }

        void gap(boolean discardPartial) {
            have = 0;
            discarding = discardPartial;
            rawToSkip = 0;
        }
    }

    private static String brief(String line) {
        return line.length() <= 40 ? "'" + line + "'" : "'" + line.substring(0, 40) + "...' (" + line.length() + " bytes)";
    }

    /** A line {@code SKIP n} has the sink skip the next n bytes, as BDAT does. */
    private static long skipAfter(String line) {
        return line.startsWith("SKIP ") ? Long.parseLong(line.substring(5)) : 0;
    }

    @Test
    void cutsTheLinesAByteAtATimeSplitterCuts() {
        SplittableRandom rnd = new SplittableRandom(5321);
        for (int r = 0; r < 300; r++) {
            int round = r;
            byte[] stream = stream(rnd);
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            Reference ref = new Reference(want);
            LineSplitter[] splitter = new LineSplitter[1];
            splitter[0] = new LineSplitter((b, off, len, cut, ts) -> {
                String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
                got.add((cut ? "CUT " : "") + s);
                splitter[0].skipRaw(skipAfter(s));
            });
            int pos = 0;
            while (pos < stream.length) {
                int n = Math.min(stream.length - pos, rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(6000) : 1 + rnd.nextInt(90));
                // A segment inside a larger array, as the reassembler hands them over.
                byte[] seg = new byte[n + 20];
                System.arraycopy(stream, pos, seg, 10, n);
                ref.data(seg, 10, n);
                splitter[0].data(seg, 10, n, 0);
                pos += n;
                if (rnd.nextInt(40) == 0) {
                    boolean discard = rnd.nextBoolean();
                    ref.gap(discard);
                    splitter[0].gap(discard);
                }
            }
            int same = 0;
            while (same < Math.min(want.size(), got.size()) && want.get(same).equals(got.get(same))) {
                same++;
            }
            int at = same;
            assertEquals(want.size(), same, () -> "round " + round + ": line " + at + " of " + want.size() + " is "
                    + (at < got.size() ? brief(got.get(at)) : "missing") + ", not " + brief(want.get(at)));
            assertEquals(want.size(), got.size(), "round " + round + ": lines after the last");
            assertEquals(ref.have, splitter[0].pending(), "round " + round);
        }
    }

    private static byte[] stream(SplittableRandom rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + rnd.nextInt(60);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(10);
            int len = switch (kind) {
                case 0 -> LineSplitter.MAX_LINE + rnd.nextInt(3) - 1; // at the bound: whole, whole, cut
                case 1 -> LineSplitter.MAX_LINE + 1 + rnd.nextInt(9000);
                default -> rnd.nextInt(120);
            };
            if (kind == 2) {
                int skip = rnd.nextInt(300);
                out.writeBytes(("SKIP " + skip + "\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int k = 0; k < skip; k++) {
                    out.write(rnd.nextInt(4) == 0 ? '\n' : 'x'); // newlines inside a chunk are data
                }
                continue;
            }
            for (int k = 0; k < len; k++) {
                int c = rnd.nextInt(40) == 0 ? '\r' : 'a' + rnd.nextInt(26);
                out.write(c);
            }
            out.writeBytes(rnd.nextInt(3) == 0 ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
        }
        if (rnd.nextBoolean()) {
            out.writeBytes("unfinished".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }
}
