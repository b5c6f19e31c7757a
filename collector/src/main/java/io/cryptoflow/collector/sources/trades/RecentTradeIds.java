package io.cryptoflow.collector.sources.trades;

/**
 * The ids of one symbol's trades applied in the last few seconds, for exchanges whose ids are not
 * contiguous (Bybit: UUID-like strings on some markets, hashed by {@code JsonTrades.idOf}; Bitget:
 * increasing numbers with gaps). A trade is identified by its id alone, never by its time: Bitget's
 * REST times are whole seconds while its WebSocket's are milliseconds, so the same trade carries two
 * times. Ids are forgotten once their trade is older than {@code retentionMs} before the newest.
 *
 * <p>Held in primitive arrays (a ring of ids and times in arrival order, an open-addressing set of the
 * ids): ten seconds of a 3,300 trades/s burst are 33,000 ids per tape, about 1.3 MB here against
 * 3.3 MB as boxed {@code HashSet<Long>} entries and records (docs/benchmarks.md "Collector memory").
 */
final class RecentTradeIds {

    private static final int INITIAL = 64;

    private final long retentionMs;
    /** Arrival order: ids[head..head+size) and their times, wrapping around. */
    private long[] ids = new long[INITIAL];
    private long[] times = new long[INITIAL];
    private int head;
    private int size;
    /** Set of the ids, linear probing; 0 marks an empty slot, so id 0 is a flag of its own. */
    private long[] slots = new long[INITIAL * 2];
    private boolean zeroIdPresent;

    RecentTradeIds(long retentionMs) {
        this.retentionMs = retentionMs;
    }

    boolean contains(long id) {
        if (id == 0) {
            return zeroIdPresent;
        }
        int mask = slots.length - 1;
        for (int i = slot(id, mask); slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == id) {
                return true;
            }
        }
        return false;
    }

    /** Remembers an applied trade; forgets those older than the retention before {@code newestTime}. */
    void add(long id, long time, long newestTime) {
        if (!contains(id)) {
            if (size == ids.length) {
                resize(ids.length * 2);
            }
            int i = (head + size) % ids.length;
            ids[i] = id;
            times[i] = time;
            size++;
            insert(id);
        }
        long cutoff = newestTime - retentionMs;
        while (size > 0 && times[head] < cutoff) {
            remove(ids[head]);
            head = (head + 1) % ids.length;
            size--;
        }
        if (ids.length > INITIAL && size < ids.length / 8) {
            resize(ids.length / 2); // a burst's arrays are given back once it has passed
        }
    }

    void clear() {
        ids = new long[INITIAL];
        times = new long[INITIAL];
        slots = new long[INITIAL * 2];
        head = 0;
        size = 0;
        zeroIdPresent = false;
    }

    int size() {
        return size;
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void insert(long id) {
        if (id == 0) {
            zeroIdPresent = true;
            return;
        }
        int mask = slots.length - 1;
        int i = slot(id, mask);
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = id;
    }

    /** Linear-probing removal with backward shift, so no tombstones pile up. */
    private void remove(long id) {
        if (id == 0) {
            zeroIdPresent = false;
            return;
        }
        int mask = slots.length - 1;
        int i = slot(id, mask);
        while (slots[i] != id) {
            if (slots[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        int gap = i;
        for (int j = (gap + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = slot(slots[j], mask);
            // move j into the gap unless its home lies cyclically in (gap, j]
            boolean stays = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
            if (!stays) {
                slots[gap] = slots[j];
                gap = j;
            }
        }
        slots[gap] = 0;
    }

    /** Rebuilds the ring and the set at {@code capacity} ids (the set stays at most half full). */
    private void resize(int capacity) {
        long[] newIds = new long[capacity];
        long[] newTimes = new long[capacity];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % ids.length;
            newIds[k] = ids[i];
            newTimes[k] = times[i];
        }
        ids = newIds;
        times = newTimes;
        head = 0;
        slots = new long[capacity * 2];
        zeroIdPresent = false;
        for (int k = 0; k < size; k++) {
            insert(ids[k]);
        }
    }
}
