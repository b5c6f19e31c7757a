package io.cryptoflow.collector.exchange;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * An exchange refusing this client's location: Binance answers HTTP 451 ("Service unavailable from a
 * restricted location", ccxt#15872) to every REST request and WebSocket upgrade; Bybit answers 403
 * with CloudFront's page "configured to block access from your country" (hummingbot/deploy#28). It
 * lasts as long as the client stays where it is, so the exchange is asked again only after hours.
 * Bybit's other 403 ("access too frequent", its IP rate limit) is not a refusal: its body is not
 * CloudFront's.
 *
 * @param reason  what the exchange answered, for logs, {@code /progress} and health details
 * @param since   when it was first answered (this run)
 * @param retryAt when the exchange is asked again
 */
public record RegionRefusal(String reason, Instant since, Instant retryAt) {

    /** The refusal {@code status} and {@code body} say, if they say one. */
    public static Optional<String> reasonOf(int status, byte[] body) {
        if (status == 451) {
            return Optional.of("HTTP 451 (refused from this location): " + abbreviate(body));
        }
        if (status == 403 && body != null) {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            if (text.contains("CloudFront") && text.contains("from your country")) {
                return Optional.of("HTTP 403 from CloudFront: access blocked from this country");
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return text.length() <= 160 ? text : text.substring(0, 160) + "...";
    }
}
