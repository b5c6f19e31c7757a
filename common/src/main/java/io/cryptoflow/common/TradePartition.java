package io.cryptoflow.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partition table: the rows of one {@link PartitionKind} (raw trades, liquidation events) of one
 * exchange (stored name, e.g. {@code BINANCE_SPOT}) on one UTC day, named
 * {@code <kind prefix>_<exchange lower-case>_<yyyymmdd>} ({@code trades_binance_spot_20261205},
 * {@code liquidations_bybit_20261205}). Per exchange, because the
 * retention is configured per exchange section and a partition is only ever dropped whole. Every
 * partition name that reaches SQL is built here or came through {@link #parse} (pattern plus a real
 * date), so table names stay a closed set.
 */
public record TradePartition(PartitionKind kind, String exchange, LocalDate day) {

    private static final Pattern NAME = Pattern.compile("(trades|liquidations|depth|depthm)_([a-z][a-z0-9_]{1,23})_([0-9]{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final long DAY_MS = 86_400_000L;

    public TradePartition {
        if (kind == null) {
            throw new IllegalArgumentException("partition kind missing");
        }
        // the exchange part must be a valid stored exchange name; MarketSymbol owns that rule
        new MarketSymbol(exchange, "XX");
        if (day == null || day.getYear() < 2000 || day.getYear() > 9999) {
            throw new IllegalArgumentException("partition day out of range: " + day);
        }
    }

    /** A raw-trade partition. */
    public TradePartition(String exchange, LocalDate day) {
        this(PartitionKind.TRADES, exchange, day);
    }

    /** The partition holding {@code market}'s trade at {@code timeMs}. */
    public static TradePartition of(MarketSymbol market, long timeMs) {
        return of(PartitionKind.TRADES, market, timeMs);
    }

    /** The partition of {@code kind} holding {@code market}'s row at {@code timeMs}. */
    public static TradePartition of(PartitionKind kind, MarketSymbol market, long timeMs) {
        return new TradePartition(kind, market.exchange(), dayOf(timeMs));
    }

    /** This partition's statements on both sides (its kind's DDL). */
    public List<String> ddl() {
        return kind.ddl(this);
    }

    /** The collector's statements: {@link #ddl()} plus the indexes only the writer needs (deduplication). */
    public List<String> writerDdl() {
        List<String> all = new ArrayList<>(kind.ddl(this));
        all.addAll(kind.writerIndexDdl(this));
        return all;
    }

    /** The names of the indexes only the writer's copy has. */
    public List<String> writerIndexNames() {
        return kind.writerIndexNames(this);
    }

    /** The UTC day of an epoch-ms time. */
    public static LocalDate dayOf(long timeMs) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(timeMs), ZoneOffset.UTC);
    }

    /** True for a raw-trade partition. */
    public boolean holdsTrades() {
        return kind == PartitionKind.TRADES;
    }

    /** A partition's table name back, empty for anything else (other tables, bad dates). */
    public static Optional<TradePartition> parse(String table) {
        if (table == null) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(table);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            PartitionKind kind = PartitionKind.ofPrefix(m.group(1)).orElseThrow();
            LocalDate day = LocalDate.parse(m.group(3), DAY);
            return Optional.of(new TradePartition(kind, m.group(2).toUpperCase(Locale.ROOT), day));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String table() {
        return kind.prefix() + "_" + exchange.toLowerCase(Locale.ROOT) + "_" + day.format(DAY);
    }

    /** 00:00 UTC of the day, epoch ms. */
    public long dayStart() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** 00:00 UTC of the next day, epoch ms (exclusive end). */
    public long dayEnd() {
        return dayStart() + DAY_MS;
    }

    @Override
    public String toString() {
        return table();
    }
}
