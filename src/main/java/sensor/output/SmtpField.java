package sensor.output;

import static sensor.output.JsonValues.bool;
import static sensor.output.JsonValues.ip;
import static sensor.output.JsonValues.list;
import static sensor.output.JsonValues.lng;
import static sensor.output.JsonValues.str;
import static sensor.output.JsonValues.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sensor.flow.TcpState;
import sensor.smtp.SmtpSession;

/**
 * The fields of an {@code smtp.jsonl} line, in the order written: each writes itself from an
 * {@link SmtpSession} ({@link SmtpRecordFormat}) and reads itself back into one ({@link #read}).
 * Every line has every field.
 */
public enum SmtpField implements RecordField {
    TS("ts") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.time(json(), s.tsNanos(), f.nano);
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.tsNanos = JsonValues.time(v, json());
        }
    },
    CLIENT("client") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.key(json()).address(s.client());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.client = ip(v, json());
        }
    },
    CLIENT_PORT("client_port") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.clientPort());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.clientPort = (int) lng(v, json());
        }
    },
    SERVER("server") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.key(json()).address(s.server());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.server = ip(v, json());
        }
    },
    SERVER_PORT("server_port") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.serverPort());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.serverPort = (int) lng(v, json());
        }
    },
    TCP("tcp") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.tcp().wire());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.tcp = JsonValues.wire(TcpState.values(), TcpState::wire, v, json());
        }
    },
    BANNER_CODE("banner_code") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.bannerCode() == null ? null : Long.valueOf(s.bannerCode()));
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.bannerCode = v == null ? null : (int) lng(v, json());
        }
    },
    BANNER("banner") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.banner());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.banner = str(v);
        }
    },
    HELO("helo") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.helo());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.helo = str(v);
        }
    },
    STARTTLS("starttls") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.bool(json(), s.starttls());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.starttls = bool(v);
        }
    },
    REPLIES("replies") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            writeInts(j.key(json()), s.replies());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.replies = ints(v);
        }
    },
    OUTCOME("outcome") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.outcome().wire());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.outcome = JsonValues.wire(SmtpSession.Outcome.values(), SmtpSession.Outcome::wire, v, json());
        }
    },
    REJECT_STAGE("reject_stage") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.rejectStage());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.rejectStage = str(v);
        }
    },
    EXTENSIONS("extensions") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            writeStrings(j.key(json()), s.extensions());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.extensions = strings(v, json());
        }
    },
    COMMANDS("commands") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            writeStrings(j.key(json()), s.commands());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.commands = strings(v, json());
        }
    },
    MAIL_FROM_DOMAIN("mail_from_domain") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.str(json(), s.mailFrom());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.mailFrom = str(v);
        }
    },
    RCPT_DOMAINS("rcpt_domains") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            writeStrings(j.key(json()), s.rcptTo());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.rcptTo = strings(v, json());
        }
    },
    QUIT("quit") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.bool(json(), s.quit());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.quit = bool(v);
        }
    },
    SYN_RETRANSMISSIONS("syn_retransmissions") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.synRetransmissions());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.synRetransmissions = (int) lng(v, json());
        }
    },
    GAPS("gaps") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.gaps());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.gaps = (int) lng(v, json());
        }
    },
    MISSED_BYTES("missed_bytes") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.missedBytes());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.missedBytes = lng(v, json());
        }
    },
    FRAME("frame") {
        @Override
        void write(SmtpRecordFormat f, JsonLine j, SmtpSession s) {
            j.num(json(), s.frame());
        }

        @Override
        void read(Object v, SmtpValues r) {
            r.frame = lng(v, json());
        }
    };

    private final String json;

    SmtpField(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    @Override
    public boolean always() {
        return true;
    }

    @Override
    public List<String> inner() {
        return List.of();
    }

    /** Appends the member, key and value. */
    abstract void write(SmtpRecordFormat f, JsonLine j, SmtpSession s);

    /** Sets what the member's value {@code v} (null when absent) holds. */
    abstract void read(Object v, SmtpValues r);

    private static final SmtpField[] ALL = values();

    /** A line's members, as a JSON reader gives them, back into the session; other members are ignored. */
    public static SmtpSession read(Map<String, Object> line) {
        SmtpValues r = new SmtpValues();
        for (SmtpField f : ALL) {
            f.read(line.get(f.json), r);
        }
        return r.session();
    }

    private static void writeInts(JsonLine j, List<Integer> xs) {
        j.put('[');
        for (int i = 0; i < xs.size(); i++) {
            if (i > 0) {
                j.put(',');
            }
            j.number(xs.get(i));
        }
        j.put(']');
    }

    private static List<Integer> ints(Object v) {
        List<Integer> out = new ArrayList<>();
        for (Object o : list(v, "replies")) {
            out.add(((Number) o).intValue());
        }
        return List.copyOf(out);
    }

    private static void writeStrings(JsonLine j, List<String> xs) {
        j.put('[');
        for (int i = 0; i < xs.size(); i++) {
            if (i > 0) {
                j.put(',');
            }
            j.quoted(xs.get(i));
        }
        j.put(']');
    }
}
