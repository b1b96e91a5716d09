package sensor.pairs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds renames, possible renames, aliases and vanished names from the history of every name, on
 * packet time.
 * Bounded: at most {@code maxNames} names are remembered (the first seen is dropped first) and
 * 64 names per address.
 */
final class RenameDetector {
    static final String RENAME = "rename";
    static final String POSSIBLE_RENAME = "possible_rename";
    static final String ALIAS = "alias";
    static final String VANISHED = "vanished";

    private final int maxNames;
    /** The histories by name, bounded (the first name seen is dropped first). */
    private final FifoTable<NameHistory> names = new FifoTable<>();
    /** Names by address, bounded like the names (the first address seen is dropped first). */
    private final FifoTable<Holders> namesByAddress = new FifoTable<>();

    /** The names seen on one address (at most {@link PairTable#MAX_SET}); they are never removed. */
    static final class Holders {
        final List<String> names = new ArrayList<>(1);
        /** More names resolved to it than the list holds: a name untracked may have held it throughout. */
        boolean overflowed;
        /** Dropped from the bounded table: a history that kept it must look the address up again. */
        boolean dropped;
    }

    RenameDetector(int maxNames) {
        this.maxNames = maxNames;
    }

    NameHistory history(String name) {
        NameHistory h = names.get(name);
        if (h == null) {
            h = new NameHistory(name);
            names.put(name, h);
            if (names.size() > maxNames) {
                names.removeFirst().forgotten = true;
            }
        }
        return h;
    }

    /** {@code h} (from {@link #history}) was answered with {@code address} at {@code ts}. */
    void answered(NameHistory h, long ts, String address) {
        String name = h.name;
        int i = h.answer(ts, address);
        if (i >= 0) {
            Holders known = h.holders(i);
            if (known != null && !known.dropped) {
                return; // the name is on that list already (or it was full): lists only grow
            }
        }
        Holders holders = namesByAddress.get(address);
        if (holders == null) {
            holders = new Holders();
            namesByAddress.put(address, holders);
            if (namesByAddress.size() > maxNames) {
                namesByAddress.removeFirst().dropped = true;
            }
        }
        List<String> list = holders.names;
        if (list.size() < PairTable.MAX_SET) {
            if (!holds(list, name)) {
                list.add(name);
            }
        } else if (!holders.overflowed && !heldByIdentity(list, name)) {
            // A full list: the names on it were linked to it as they came, so a name not found by
            // reference is (nearly always) one more; a rare history made again after eviction that
            // is taken for one only costs a rename on that address.
            holders.overflowed = true;
        }
        if (i >= 0) {
            h.holders(i, holders);
        }
    }

    private static boolean heldByIdentity(List<String> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == name) {
                return true;
            }
        }
        return false;
    }

    /**
     * The list holds the histories' own name strings, so a reference scan finds a name without
     * touching the other strings; equality is the fallback for a history made again after eviction.
     */
    private static boolean holds(List<String> list, String name) {
        return heldByIdentity(list, name) || list.contains(name);
    }

    int names() {
        return names.size();
    }

    int addresses() {
        return namesByAddress.size();
    }

    /** Time, type, then new name (a vanished name has none: it sorts as "null"). Written out, not chained. */
    private static final Comparator<Event> EVENT_ORDER = (a, b) -> {
        int c = Long.compare(a.tsNanos(), b.tsNanos());
        if (c != 0) {
            return c;
        }
        c = a.type().compareTo(b.type());
        return c != 0 ? c : String.valueOf(a.newName()).compareTo(String.valueOf(b.newName()));
    };

    /**
     * First answer with the address, then name: an insertion sort, since a list holds at most
     * {@link PairTable#MAX_SET} names and is nearly always short.
     */
    static void byFirstAnswer(List<NameHistory> hs, int[] at) {
        for (int i = 1; i < hs.size(); i++) {
            NameHistory h = hs.get(i);
            int hi = at[i];
            int j = i - 1;
            while (j >= 0 && before(h, hi, hs.get(j), at[j])) {
                hs.set(j + 1, hs.get(j));
                at[j + 1] = at[j];
                j--;
            }
            hs.set(j + 1, h);
            at[j + 1] = hi;
        }
    }

    private static boolean before(NameHistory a, int ai, NameHistory b, int bi) {
        long fa = a.firstWith(ai);
        long fb = b.firstWith(bi);
        return fa < fb || (fa == fb && a.name.compareTo(b.name) < 0);
    }

    /** share(client, oldName) gives the client's share of the old name's lookups. */
    List<Event> events(java.util.function.BiFunction<String, String, Double> share,
            java.util.function.Function<String, String> groupOf) {
        List<Event> out = new ArrayList<>();
        Set<String> renamedAway = new HashSet<>();
        // Only an address with two or more names can make an event; those go in text order (ties
        // in the final order keep it).
        List<Map.Entry<String, Holders>> shared = new ArrayList<>();
        namesByAddress.forEach((address, holders) -> {
            if (holders.names.size() >= 2) {
                shared.add(Map.entry(address, holders));
            }
        });
        shared.sort(Map.Entry.comparingByKey());
        List<NameHistory> hs = new ArrayList<>();
        int[] at = new int[PairTable.MAX_SET];
        for (Map.Entry<String, Holders> e : shared) {
            String address = e.getKey();
            int addressNames = e.getValue().names.size();
            hs.clear();
            for (String n : e.getValue().names) {
                NameHistory h = names.get(n);
                int i = h == null ? -1 : h.indexOf(address);
                if (i >= 0) {
                    at[hs.size()] = i;
                    hs.add(h);
                }
            }
            byFirstAnswer(hs, at);
            for (int j = 1; j < hs.size(); j++) {
                NameHistory next = hs.get(j);
                long nextFirst = next.firstWith(at[j]);
                int prevAt = 0;
                for (int i = 1; i < j; i++) {
                    if (hs.get(i).lastWith(at[i]) > hs.get(prevAt).lastWith(at[prevAt])) {
                        prevAt = i;
                    }
                }
                NameHistory prev = hs.get(prevAt);
                long prevLast = prev.lastWith(at[prevAt]);
                String first = next.firstQueryClient;
                String group = first == null ? null : groupOf.apply(first);
                // A successor: the new name was neither asked nor answered with the address while
                // the old one (or any other name held here) still resolved to it. Only one whose
                // old name was then seen to stop (NXDOMAIN, or an answer without the address) is a
                // rename, and only on an address whose every name is known.
                boolean succeeded = prevLast < nextFirst && next.firstQuery >= prevLast;
                if (succeeded) {
                    boolean stopped = prev.stoppedAt(at[prevAt]) != NameHistory.NEVER && !e.getValue().overflowed;
                    double delay = Math.round((next.firstQuery - prevLast) / 1e9 * 1e6) / 1e6;
                    out.add(new Event(stopped ? RENAME : POSSIBLE_RENAME, nextFirst, address, prev.name, next.name,
                            first, delay, addressNames, first == null ? null : share.apply(first, prev.name), group));
                    if (stopped) {
                        renamedAway.add(prev.name);
                    }
                } else {
                    out.add(new Event(ALIAS, nextFirst, address, prev.name, next.name, first, null, addressNames, null,
                            group));
                }
            }
        }
        names.forEach((name, h) -> {
            if (h.nxAfterLastAnswer != Long.MIN_VALUE && h.everAnswered() && !renamedAway.contains(h.name)) {
                out.add(new Event(VANISHED, h.nxAfterLastAnswer, h.firstAddress(), h.name, null, null, null, null,
                        null, null));
            }
        });
        out.sort(EVENT_ORDER);
        return out;
    }
}
