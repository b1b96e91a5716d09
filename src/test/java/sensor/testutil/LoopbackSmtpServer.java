package sensor.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal SMTP server on 127.0.0.1 for live tests: it greets with 220 and accepts, or (when
 * built rejecting) greets with 554. Real sockets, real TCP handshakes, loopback only.
 */
public final class LoopbackSmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final boolean reject;
    private final Thread thread;

    public LoopbackSmtpServer(boolean reject) throws IOException {
        this.reject = reject;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                if (reject) {
                    out.write("554 5.7.1 no thanks\r\n".getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write("220 loopback.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                String line;
                while ((line = in.readLine()) != null) {
                    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                    String reply = switch (verb) {
                        case "EHLO" -> "250-loopback.test\r\n250-PIPELINING\r\n250 SIZE 1000000\r\n";
                        case "HELO" -> "250 loopback.test\r\n";
                        case "QUIT" -> "221 2.0.0 Bye\r\n";
                        default -> "250 2.0.0 Ok\r\n";
                    };
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    if (verb.equals("QUIT")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // the client went away, or the server is closing
            }
        }
    }

    /** One client session: EHLO, MAIL, RCPT, QUIT. */
    public static void session(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("220")) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            for (String cmd : new String[] {"EHLO client.test", "MAIL FROM:<a@client.test>", "RCPT TO:<b@loopback.test>", "QUIT"}) {
                out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null && line.length() > 3 && line.charAt(3) == '-') {
                    // continuation lines of a multi-line reply
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
