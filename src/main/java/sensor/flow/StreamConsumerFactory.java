package sensor.flow;

/** Picks the consumer of a new TCP connection, or null to only track its handshake. */
@FunctionalInterface
public interface StreamConsumerFactory {
    StreamConsumer create(TcpConnection conn);
}
