package sensor.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code sensor live} process seen from a test: its metrics address, a scrape, one counter. */
public final class LiveSensorProcess {
    private static final Pattern METRICS_URL = Pattern.compile("metrics on (http://\\S+/metrics)");

    private LiveSensorProcess() {}

    /** Starts {@code sensor live}; closing it kills the process if it still runs (a failed test). */
    static Child start(List<String> cmd) throws IOException {
        return new Child(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    /**
     * Starts {@code cmd} as a shell without job control starts a background command (POSIX has
     * it ignore SIGINT), the way a script's {@code sensor live ... &} runs.
     */
    static Child startInBackground(List<String> cmd) throws IOException {
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c", "\"$@\" & wait $!", "sh"));
        sh.addAll(cmd);
        return start(sh);
    }

    /** A child sensor process that does not outlive its test, whatever the test's outcome. */
    record Child(Process process) implements AutoCloseable {
        /** The sensor's own pid: the process's, or its one descendant's when a shell started it. */
        long sensorPid() {
            return process.descendants().mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
        }

        @Override
        public void close() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public static String awaitMetricsUrl(Process p, StringBuilder stderr) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            stderr.append(line).append('\n');
            Matcher m = METRICS_URL.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        String l;
                        while ((l = r.readLine()) != null) {
                            synchronized (stderr) {
                                stderr.append(l).append('\n');
                            }
                        }
                    } catch (IOException ignored) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
        }
        throw new AssertionError("sensor live exited early: " + stderr);
    }

    static String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** The value of one series, written as in the exposition: {@code sensor_dns_messages_total{opcode="QUERY"}}. */
    static long metric(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
