package sensor.flow;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A set of TCP/UDP ports with a constant-time, allocation-free membership test. */
public final class PortSet {
    private final boolean[] member = new boolean[65536];
    private final int[] ports;

    public PortSet(int... ports) {
        this.ports = Arrays.stream(ports).distinct().sorted().toArray();
        for (int p : this.ports) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port out of range: " + p);
            }
            member[p] = true;
        }
    }

    /** Parses {@code 53,5353,5355}. */
    public static PortSet parse(String list) {
        String[] parts = list.split(",");
        int[] ports = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            try {
                ports[i] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: '" + s + "'");
            }
            if (ports[i] < 1 || ports[i] > 65535) {
                throw new IllegalArgumentException("port out of range: " + s);
            }
        }
        return new PortSet(ports);
    }

    public boolean contains(int port) {
        return member[port & 0xffff];
    }

    public int[] ports() {
        return ports.clone();
    }

    /** A port in both sets, or null when they share none. */
    public String shared(PortSet other) {
        for (int p : ports) {
            if (other.contains(p)) {
                return Integer.toString(p);
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return ports.length == 0;
    }

    public PortSet union(PortSet other) {
        int[] all = Arrays.copyOf(ports, ports.length + other.ports.length);
        System.arraycopy(other.ports, 0, all, ports.length, other.ports.length);
        return new PortSet(all);
    }

    @Override
    public String toString() {
        return Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
