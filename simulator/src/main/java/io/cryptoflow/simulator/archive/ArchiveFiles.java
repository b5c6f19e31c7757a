package io.cryptoflow.simulator.archive;

import io.cryptoflow.simulator.market.MarketData;
import io.cryptoflow.simulator.market.SimTrade;
import io.cryptoflow.simulator.market.SymbolSpec;
import io.cryptoflow.simulator.market.TradeTape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the exchanges' daily trade archive files from a tape: byte-exact and deterministic. */
final class ArchiveFiles {

    static final LocalDate SPOT_MICROS_SINCE = LocalDate.of(2025, 1, 1);

    private ArchiveFiles() {
    }

    static List<SimTrade> tradesOfDay(MarketData data, TradeTape tape, LocalDate day) {
        long start = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return data.tradesBetween(tape, start, start + 86_400_000L - 1, Integer.MAX_VALUE);
    }

    /**
     * Binance futures aggTrades CSV (header row when {@code header}) or spot CSV (8 columns, no header,
     * microsecond timestamps from 2025-01-01), zipped as a single {@code <name>.csv} entry.
     */
    static byte[] binanceZip(List<SimTrade> trades, SymbolSpec spec, String csvName, boolean spot, boolean header,
                             boolean micros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(trades.size() * 32 + 256);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(csvName);
            entry.setTime(0);
            zip.putNextEntry(entry);
            Writer out = new OutputStreamWriter(zip, StandardCharsets.US_ASCII);
            if (header) {
                out.write("agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker\n");
            }
            for (SimTrade t : trades) {
                out.write(Long.toString(t.aggId()));
                out.write(',');
                out.write(spot ? spec.price(t.priceUnits()).setScale(8).toPlainString() : spec.price(t.priceUnits()).toPlainString());
                out.write(',');
                out.write(spot ? spec.qty(t.qtyUnits()).setScale(8).toPlainString() : spec.qty(t.qtyUnits()).toPlainString());
                out.write(',');
                out.write(Long.toString(t.firstId()));
                out.write(',');
                out.write(Long.toString(t.lastId()));
                out.write(',');
                out.write(Long.toString(micros ? t.time() * 1000 : t.time()));
                out.write(',');
                if (spot) {
                    out.write(t.buyerMaker() ? "True,True\n" : "False,True\n");
                } else {
                    out.write(t.buyerMaker() ? "true\n" : "false\n");
                }
            }
            out.flush();
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Bybit public trading CSV, gzip'd; rows newest first as in Bybit's files; timestamp in seconds. */
    static byte[] bybitCsvGz(List<SimTrade> trades, TradeTape tape) {
        SymbolSpec spec = tape.spec();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(trades.size() * 40 + 256);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes);
             Writer out = new OutputStreamWriter(gz, StandardCharsets.US_ASCII)) {
            out.write("timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n");
            for (int i = trades.size() - 1; i >= 0; i--) {
                SimTrade t = trades.get(i);
                long previous = i > 0 ? trades.get(i - 1).priceUnits() : t.priceUnits();
                String tick = t.priceUnits() > previous ? "PlusTick" : t.priceUnits() < previous ? "MinusTick" : "ZeroPlusTick";
                String qty = spec.qty(t.qtyUnits()).toPlainString();
                String quote = spec.quote(t.priceUnits() * t.qtyUnits()).toPlainString();
                out.write(t.time() / 1000 + "." + String.format("%03d", t.time() % 1000) + "," + spec.symbol() + ","
                        + (t.takerBuy() ? "Buy" : "Sell") + "," + qty + "," + spec.price(t.priceUnits()).toPlainString()
                        + "," + tick + "," + tape.tradeUuid(t.aggId()) + "," + spec.quote(t.priceUnits() * t.qtyUnits())
                        .movePointRight(8).toBigInteger() + "," + qty + "," + quote + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Bybit spot trading CSV, gzip'd: header {@code id,timestamp,price,volume,side}, oldest first,
     * timestamp in milliseconds, side lower-case {@code buy}/{@code sell} (the taker's side).
     */
    static byte[] bybitSpotCsvGz(List<SimTrade> trades, TradeTape tape) {
        SymbolSpec spec = tape.spec();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(trades.size() * 32 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes);
             Writer out = new OutputStreamWriter(gz, StandardCharsets.US_ASCII)) {
            out.write("id,timestamp,price,volume,side\n");
            for (SimTrade t : trades) {
                out.write(t.aggId() + "," + t.time() + "," + spec.price(t.priceUnits()).toPlainString() + ","
                        + spec.qty(t.qtyUnits()).toPlainString() + "," + (t.takerBuy() ? "buy" : "sell") + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
