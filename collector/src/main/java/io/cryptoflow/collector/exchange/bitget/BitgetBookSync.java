package io.cryptoflow.collector.exchange.bitget;

import io.cryptoflow.collector.exchange.book.DepthUpdate;
import io.cryptoflow.collector.exchange.book.SequencedBook;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Bitget v2 "Depth Channel" {@code books} (bitget.com/api-doc/contract/websocket/public/Order-Book-Channel):
 * the first push is a {@code snapshot}, then {@code update}s merged into it (size 0 deletes); each update
 * carries {@code checksum}, the CRC32 (as a signed 32-bit int) of the first 25 levels of the merged
 * book interleaved {@code bid1:amount:ask1:amount:bid2:...} with the prices and amounts as sent (a
 * side with fewer levels simply ends), and {@code seq}. A failed checksum, a {@code seq} not above the
 * last one, or a {@code pseq} (where sent) not equal to the last {@code seq} resubscribes the channel,
 * which sends a new snapshot. The texts of each level are kept for the checksum.
 */
public final class BitgetBookSync extends SequencedBook {

    static final int CHECKSUM_LEVELS = 25;

    private final NavigableMap<Long, String> bidTexts = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Long, String> askTexts = new TreeMap<>();
    private long lastSeq;

    @Override
    public Step onMessage(DepthUpdate message) {
        if (message.snapshot()) {
            if (known()) {
                resync(Fault.RESET, Step.OK);
            }
            bidTexts.clear();
            askTexts.clear();
            book.replace(message);
        } else {
            if (!known()) {
                return Step.OK;
            }
            if (message.lastId() <= lastSeq) {
                return resync(Fault.OUT_OF_ORDER, Step.RESUBSCRIBE);
            }
            if (message.prevId() >= 0 && message.prevId() != lastSeq) {
                return resync(Fault.GAP, Step.RESUBSCRIBE);
            }
            book.apply(message);
        }
        texts(bidTexts, message.bids());
        texts(askTexts, message.asks());
        lastSeq = message.lastId();
        // updates only, as maintained clients do (ccxt bitget): a snapshot is the book, nothing to check
        if (!message.snapshot() && message.checksum() != null && message.checksum() != checksum()) {
            return resync(Fault.CHECKSUM, Step.RESUBSCRIBE);
        }
        return appliedOrCrossed(Step.RESUBSCRIBE);
    }

    @Override
    public void reset() {
        super.reset();
        bidTexts.clear();
        askTexts.clear();
    }

    /** The checksum of the merged book as Bitget computes it. */
    int checksum() {
        StringBuilder sb = new StringBuilder();
        Iterator<String> bids = bidTexts.values().iterator();
        Iterator<String> asks = askTexts.values().iterator();
        for (int i = 0; i < CHECKSUM_LEVELS; i++) {
            if (bids.hasNext()) {
                sb.append(sb.isEmpty() ? "" : ":").append(bids.next());
            }
            if (asks.hasNext()) {
                sb.append(sb.isEmpty() ? "" : ":").append(asks.next());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static void texts(NavigableMap<Long, String> side, List<DepthUpdate.Level> levels) {
        for (DepthUpdate.Level l : levels) {
            if (l.size() == 0) {
                side.remove(l.price());
            } else {
                side.put(l.price(), l.priceText() + ":" + l.sizeText());
            }
        }
    }
}
