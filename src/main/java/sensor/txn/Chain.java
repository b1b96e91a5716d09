package sensor.txn;

/**
 * An intrusive doubly linked list of the matcher's entries, oldest first: appending, unlinking
 * and reading the oldest cost no object and no iterator.
 */
final class Chain {
    /** An entry's place in one chain; each entry owns one per chain it can be on. */
    static final class Link {
        final TxnEntry entry;
        Link prev;
        Link next;

        Link(TxnEntry entry) {
            this.entry = entry;
        }
    }

    private Link head;
    private Link tail;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The oldest entry, or null. */
    TxnEntry first() {
        return head == null ? null : head.entry;
    }

    void addLast(Link l) {
        l.prev = tail;
        l.next = null;
        if (tail == null) {
            head = l;
        } else {
            tail.next = l;
        }
        tail = l;
        size++;
    }

    void unlink(Link l) {
        if (l.prev == null) {
            head = l.next;
        } else {
            l.prev.next = l.next;
        }
        if (l.next == null) {
            tail = l.prev;
        } else {
            l.next.prev = l.prev;
        }
        l.prev = null;
        l.next = null;
        size--;
    }

    /** The oldest link, to walk the chain by {@link Link#next}; null when empty. */
    Link head() {
        return head;
    }

    void clear() {
        head = null;
        tail = null;
        size = 0;
    }
}
