package sensor.pairs;

/**
 * A notable change ({@code events.jsonl}) on an address shared by two names:
 * <ul>
 *   <li>{@code rename}: the new name first resolved to the address after the old name's last
 *       answer with it, was first asked after that, and the old name was seen to stop (a later
 *       NXDOMAIN, or a NOERROR answer of the address's family without the address);
 *   <li>{@code possible_rename}: the same succession without that evidence (a shared or CDN
 *       address changing hands, or a capture that ends before the old name is asked again);
 *   <li>{@code alias}: the new name was asked or resolved to the address while the old one still
 *       did;
 *   <li>{@code vanished}: a name answered before is now NXDOMAIN, with no rename from it.
 * </ul>
 *
 * @param tsNanos             the first answer mapping the new name to the address (vanished: the NXDOMAIN)
 * @param delayS              seconds from the old name's last answer with the address to the first query
 *                            for the new one (never negative), or null
 * @param addressNames        distinct names seen resolving to the address (at most 64 are told apart)
 * @param firstClientOldShare that client's share of the old name's lookups
 */
public record Event(String type, long tsNanos, String address, String oldName, String newName, String firstClient,
        Double delayS, Integer addressNames, Double firstClientOldShare, String firstClientGroup) {

    public boolean isRename() {
        return RenameDetector.RENAME.equals(type);
    }
}
