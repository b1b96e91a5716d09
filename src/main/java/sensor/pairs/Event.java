package sensor.pairs;

/**
 * A notable change ({@code events.jsonl}): {@code rename} (a name stopped resolving and a new one
 * began resolving to the same address), {@code alias} (an address gained a second name while the
 * first still resolved), {@code vanished} (a name answered before is now NXDOMAIN, with no
 * successor).
 *
 * @param delayS             seconds from the old name's last answer to the first query for the new one
 * @param firstClientOldShare that client's share of the old name's lookups
 */
public record Event(String type, long tsNanos, String address, String oldName, String newName, String firstClient,
        Double delayS, Double firstClientOldShare, String firstClientGroup) {}
