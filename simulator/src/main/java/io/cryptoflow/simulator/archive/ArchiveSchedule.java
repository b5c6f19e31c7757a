package io.cryptoflow.simulator.archive;

import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.Venue;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each day's archive file appears and what it holds, per venue — the irregularities of the real
 * archives (binance-public-data issues): a day published late (#243 "BTCUSDT March 31 is missing",
 * fixed days later; #375 spot files stopped for a week, then uploaded), a day never published (404
 * "The specified key does not exist" for good, #291/#385), and a file published truncated (#354: spot
 * 2021-12-14 ends at 09:29 "missing aggtradeids can correctly be retrieved from REST"; #378: ids missing
 * in the middle of a futures file). Binance says only that daily files are uploaded "every day after
 * the day ended" (#116); Bybit documents no publication time at all.
 */
public final class ArchiveSchedule {

    /** How a published file is cut: rows missing in the middle, or the day's end cut off. */
    public enum Truncation {
        /** The middle tenth of the day's rows is missing: ids jump inside the file. */
        HOLE_IN_MIDDLE,
        /** Only the first half of the day's rows: the file ends hours before the day does. */
        CUT_AT_END
    }

    private record Key(Venue venue, LocalDate day) {
    }

    private final Map<Venue, Duration> delays = new EnumMap<>(Venue.class);
    private final Map<Key, Duration> lateDays = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> missingDays = new ConcurrentHashMap<>();
    private final Map<Key, Truncation> truncatedDays = new ConcurrentHashMap<>();

    /** Every venue's files appear {@code delay} after their day ends. */
    public ArchiveSchedule(Duration delay) {
        for (Venue v : Venue.values()) {
            delays.put(v, delay);
        }
    }

    /** {@code venue}'s files appear {@code delay} after their day ends. */
    public synchronized ArchiveSchedule delay(Venue venue, Duration delay) {
        delays.put(venue, delay);
        return this;
    }

    /** {@code day}'s file of {@code venue} appears only {@code delay} after the day ended (instead of the venue's delay). */
    public ArchiveSchedule late(Venue venue, LocalDate day, Duration delay) {
        lateDays.put(new Key(venue, day), delay);
        return this;
    }

    /** {@code day}'s file of {@code venue} is never published: 404 for good. */
    public ArchiveSchedule missing(Venue venue, LocalDate day) {
        missingDays.put(new Key(venue, day), Boolean.TRUE);
        return this;
    }

    /** {@code day}'s file of {@code venue} is published cut as {@code how} (its checksum matches the cut file). */
    public ArchiveSchedule truncated(Venue venue, LocalDate day, Truncation how) {
        truncatedDays.put(new Key(venue, day), how);
        return this;
    }

    /** True when {@code day}'s file of {@code venue} can be downloaded at market time {@code nowMs}. */
    public synchronized boolean published(Venue venue, LocalDate day, long nowMs) {
        Key key = new Key(venue, day);
        if (missingDays.containsKey(key)) {
            return false;
        }
        long dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Duration delay = lateDays.getOrDefault(key, delays.get(venue));
        return dayEnd + delay.toMillis() <= nowMs;
    }

    /** The rows the published file of {@code day} holds, out of the day's {@code trades} (oldest first). */
    public List<SimTrade> rowsOf(Venue venue, LocalDate day, List<SimTrade> trades) {
        Truncation how = truncatedDays.get(new Key(venue, day));
        if (how == null || trades.isEmpty()) {
            return trades;
        }
        int n = trades.size();
        if (how == Truncation.CUT_AT_END) {
            return List.copyOf(trades.subList(0, n / 2));
        }
        int holeFrom = n * 9 / 20;
        int holeTo = Math.max(holeFrom + 1, n * 11 / 20);
        List<SimTrade> rows = new ArrayList<>(n);
        rows.addAll(trades.subList(0, holeFrom));
        rows.addAll(trades.subList(Math.min(n, holeTo), n));
        return rows;
    }
}
