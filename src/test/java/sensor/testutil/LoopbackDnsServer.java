package sensor.testutil;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A DNS responder on 127.0.0.1 for live tests: answers A queries for names under
 * {@code .test} with 127.0.0.N, NXDOMAIN for names starting with "nx", and stays silent for names
 * starting with "silent" (unanswered). Traffic never leaves loopback.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean running = true;

    public LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (running) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
                Message query = new Message(q);
                Record question = query.getQuestion();
                String name = question.getName().toString(true);
                if (name.startsWith("silent")) {
                    continue;
                }
                Message response = new Message(query.getHeader().getID());
                response.getHeader().setFlag(Flags.QR);
                response.getHeader().setFlag(Flags.AA);
                response.getHeader().setFlag(Flags.RD);
                response.addRecord(question, Section.QUESTION);
                if (name.startsWith("nx")) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                } else if (question.getType() == Type.A) {
                    int last = Math.floorMod(name.hashCode(), 250) + 1;
                    response.addRecord(new ARecord(question.getName(), DClass.IN, 60,
                            InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last})), Section.ANSWER);
                }
                byte[] wire = response.toWire();
                socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** Sends one query from a new socket and waits briefly for the answer; returns the rcode or -1. */
    public static int query(int serverPort, String name, int id) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout(300);
            Message m = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN));
            m.getHeader().setID(id);
            byte[] wire = m.toWire();
            s.send(new DatagramPacket(wire, wire.length, InetAddress.getLoopbackAddress(), serverPort));
            byte[] buf = new byte[4096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
                return new Message(java.util.Arrays.copyOf(buf, p.getLength())).getRcode();
            } catch (java.net.SocketTimeoutException e) {
                return -1;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
