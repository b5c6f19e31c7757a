package io.cryptoflow.api.resources;

/**
 * Reads {@code Accept-Encoding} (RFC 9110 §12.5.3) for the one coding the API serves: gzip is
 * acceptable when listed (or covered by {@code *}) with a non-zero weight and not refused by
 * {@code gzip;q=0}. No header means identity, so old clients get exactly what they always got.
 */
final class AcceptEncoding {

    private AcceptEncoding() {
    }

    static boolean allowsGzip(String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        Boolean gzip = null;
        boolean star = false;
        for (String item : header.split(",")) {
            String[] parts = item.split(";");
            String coding = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            boolean accepted = weight(parts) > 0;
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = accepted;
            } else if (coding.equals("*")) {
                star = accepted;
            }
        }
        return gzip != null ? gzip : star;
    }

    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                try {
                    return Double.parseDouble(p.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0; // a malformed weight is not an acceptance
                }
            }
        }
        return 1;
    }
}
