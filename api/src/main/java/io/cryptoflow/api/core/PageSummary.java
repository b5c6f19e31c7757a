package io.cryptoflow.api.core;

/**
 * The newest {@code limit + 1} rows of a requested range, summed up inside SQLite: enough to name
 * the page's content without reading it. Every write stamps its rows with a revision higher than
 * any before, so a changed or added row raises {@code maxRev}, and a deleted one changes
 * {@code rows} or {@code oldest} (an older row moves in).
 *
 * @param rows      rows found, at most limit + 1 (more than limit: older candles exist)
 * @param maxRev    highest {@code rev} among them, -1 when none
 * @param allClosed 1 when every one of them is closed
 * @param timeSum   sum of their open times (with {@code revSum}: which rows, checked by {@code render/ClosedCandles})
 * @param revSum    sum of their revisions
 */
public record PageSummary(int rows, Long oldest, Long newest, long maxRev, int allClosed, long timeSum, long revSum) {

    /** Without the sums (they only tell {@code ClosedCandles} whether it holds exactly these rows). */
    public PageSummary(int rows, Long oldest, Long newest, long maxRev, int allClosed) {
        this(rows, oldest, newest, maxRev, allClosed, 0, 0);
    }

    public boolean isEmpty() {
        return rows == 0;
    }
}
