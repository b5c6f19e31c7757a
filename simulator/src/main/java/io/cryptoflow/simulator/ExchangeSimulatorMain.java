package io.cryptoflow.simulator;

import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar simulator/target/simulator.jar [--port 4000] [--seed N] [--trade-rate N]
 * [--bursts RATE:SECONDS:EVERY_MINUTES] [--no-rate-limits] [--refuse binance|bybit|bitget ...]}: runs the EXCHANGE SIMULATOR until SIGTERM / Ctrl-C and prints how to point
 * CryptoFlow at it. {@code --no-rate-limits} serves every request at once (benchmarks: a backfill at
 * full speed); by default the exchanges' weights, bans and headers are enforced. {@code --refuse X}
 * makes exchange X answer every request as it does from a restricted region (Binance 451, Bybit 403).
 */
public final class ExchangeSimulatorMain {

    private ExchangeSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        int port = 4000;
        long seed = 42;
        int tradesPerSecond = 2;
        String host = "127.0.0.1";
        boolean rateLimits = true;
        io.cryptoflow.simulator.market.TradeBursts bursts = io.cryptoflow.simulator.market.TradeBursts.NONE;
        java.util.List<io.cryptoflow.simulator.region.Exchange> refused = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--seed" -> seed = Long.parseLong(required(args[i], value));
                case "--trade-rate" -> tradesPerSecond = Integer.parseInt(required(args[i], value));
                case "--bursts" -> bursts = parseBursts(required(args[i], value));
                case "--host" -> host = required(args[i], value);
                case "--refuse" -> refused.add(io.cryptoflow.simulator.region.Exchange.valueOf(
                        required(args[i], value).toUpperCase(java.util.Locale.ROOT)));
                case "--no-rate-limits" -> {
                    rateLimits = false;
                    continue; // a flag: no value to skip
                }
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i] + "\n" + usage());
                    System.exit(2);
                }
            }
            i++;
        }
        SimulatorBuilder builder = ExchangeSimulator.builder()
                .host(host).port(port).seed(seed)
                .liveTradesPerMinute(Math.max(1, tradesPerSecond * 60))
                .tradeBursts(bursts)
                .enforceRateLimits(rateLimits);
        refused.forEach(builder::refusedByRegion);
        ExchangeSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "exchange-simulator-shutdown"));
        System.out.println(banner(simulator, seed, tradesPerSecond));
        stopped.await();
    }

    static String banner(ExchangeSimulator sim, long seed, int tradesPerSecond) {
        String http = sim.baseUrl();
        String ws = sim.wsBaseUrl();
        return String.join("\n",
                "==================================================================",
                " EXCHANGE SIMULATOR (not a real exchange: deterministic fake data)",
                " seed " + seed + ", live trade rate " + tradesPerSecond + "/s per market and symbol",
                " symbols " + String.join(", ", ExchangeSimulator.DEFAULT_SYMBOLS),
                " Point CryptoFlow at it with:",
                "   export BINANCE_FUTURES_REST_URL=" + http,
                "   export BINANCE_SPOT_REST_URL=" + http,
                "   export BYBIT_REST_URL=" + http,
                "   export BITGET_REST_URL=" + http,
                "   export BINANCE_FUTURES_WS_URL=" + ws + "/market",
                "   export BINANCE_SPOT_WS_URL=" + ws,
                "   export BYBIT_WS_URL=" + ws + "/v5/public/linear",
                "   export BYBIT_SPOT_WS_URL=" + ws + "/v5/public/spot",
                "   export BITGET_WS_URL=" + ws + "/v2/ws/public",
                "   export BINANCE_ARCHIVE_URL=" + http,
                "   export BYBIT_ARCHIVE_URL=" + http,
                " Stop with Ctrl-C / SIGTERM.",
                "==================================================================");
    }

    /** Without a logback.xml (this jar must not ship one: it is a test dependency) logback logs DEBUG. */
    private static void quietLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
            context.getLogger("org.eclipse.jetty").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value\n" + usage());
        }
        return value;
    }

    /** {@code RATE:SECONDS:EVERY_MINUTES}, e.g. {@code 5000:10:60}: 5,000 extra trades/s for 10 s once an hour. */
    static io.cryptoflow.simulator.market.TradeBursts parseBursts(String v) {
        String[] f = v.split(":");
        if (f.length != 3) {
            throw new IllegalArgumentException("--bursts needs RATE:SECONDS:EVERY_MINUTES, e.g. 5000:10:60\n" + usage());
        }
        return new io.cryptoflow.simulator.market.TradeBursts(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                Integer.parseInt(f[2]));
    }

    private static String usage() {
        return "usage: java -jar simulator.jar [--port 4000] [--host 127.0.0.1] [--seed 42] [--trade-rate 2]"
                + " [--bursts RATE:SECONDS:EVERY_MINUTES] [--no-rate-limits] [--refuse binance|bybit|bitget]...";
    }
}
