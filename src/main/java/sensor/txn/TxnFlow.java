package sensor.txn;

import sensor.decode.IpAddress;

/**
 * The queries pending on one (transport, client, client port, server, server port) flow, oldest
 * first: for the per-flow cap, and to match a response without a question by its id. Pooled, and
 * its own key in the matcher's table of flows.
 */
final class TxnFlow {
    boolean tcp;
    IpAddress client;
    int clientPort;
    IpAddress server;
    int serverPort;
    private int hash;
    final Chain queries = new Chain();

    /** Makes this the key of the flow from {@code client} to {@code server}. */
    void set(boolean tcp, IpAddress client, int clientPort, IpAddress server, int serverPort) {
        this.tcp = tcp;
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
        int h = (clientPort * 31 + serverPort) * 31 + client.hashCode();
        hash = (h * 31 + server.hashCode()) * 2 + (tcp ? 1 : 0);
    }

    void copyKey(TxnFlow f) {
        tcp = f.tcp;
        client = f.client;
        clientPort = f.clientPort;
        server = f.server;
        serverPort = f.serverPort;
        hash = f.hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TxnFlow f && f.hash == hash && f.clientPort == clientPort && f.serverPort == serverPort
                && f.tcp == tcp && f.client.equals(client) && f.server.equals(server);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
