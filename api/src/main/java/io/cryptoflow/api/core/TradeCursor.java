package io.cryptoflow.api.core;

/**
 * A position in one market's trades: after the trade at {@code time} with {@code id}. Trades are
 * served in (time, id) order, which the partitions' index gives directly, so a page that ends
 * inside a millisecond several trades share resumes exactly after its last trade: nothing skipped,
 * nothing repeated. Written {@code <time>-<id>}: the last trade's own time and id, so a client
 * can also build it from a CSV page's last row.
 */
public record TradeCursor(long time, long id) {

    public static TradeCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash > 0 && dash < t.length() - 1) {
                long time = Long.parseLong(t.substring(0, dash));
                long id = Long.parseLong(t.substring(dash + 1));
                if (time >= 0 && id >= 0) {
                    return new TradeCursor(time, id);
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw new BadParameterException("cursor", "must be <time>-<id> of the last trade received (e.g. 1764979200123-5561234),"
                + " got '" + RequestParams.printable(text) + "'");
    }

    @Override
    public String toString() {
        return time + "-" + id;
    }
}
