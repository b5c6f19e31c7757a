package io.cryptoflow.api.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cryptoflow.api.api.CandlePage;
import io.cryptoflow.api.render.RenderedCandle;
import io.cryptoflow.common.MarketSymbol;
import io.cryptoflow.common.Timeframe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageCacheTest {

    static CandlePage page(int candles) {
        List<RenderedCandle> list = new ArrayList<>();
        for (int i = 0; i < candles; i++) {
            String json = "{\"time\":" + i + ",\"open\":" + (i * 7 % 13) + ".5,\"closed\":true}";
            list.add(new RenderedCandle(i, 1, true, json.getBytes(StandardCharsets.US_ASCII), json.length() - 14,
                    json.length() - 14));
        }
        return new CandlePage(list, "BINANCE", "BTCUSDT", false);
    }

    static CandleQuery query(int limit) {
        return new CandleQuery(MarketSymbol.parseStored("BINANCE:BTCUSDT"), Timeframe.M15, limit, null, null, null);
    }

    @Test
    void aGzipBodyIsChargedToTheBoundWhileItsPageIsCachedAndTheTagsOfTheRepresentationsDiffer() {
        PageCache cache = new PageCache(16, 1 << 24);
        CandleQuery q = query(500);
        CandlePage page = page(500);
        cache.put(q, "c-1", "s", page);
        long before = cache.bytes();
        long z = page.gzip(true, n -> cache.charge(q, page, n)).length();
        assertThat(cache.bytes()).isEqualTo(before + z);
        assertThat(cache.get(q).bytes()).isEqualTo(before + z);

        // replaced by a newer page: the old one's bytes leave the count, a late gzip of it is not counted
        CandlePage newer = page(500);
        cache.put(q, "c-2", "s2", newer);
        assertThat(cache.bytes()).isEqualTo(before);
        page.gzip(false, n -> cache.charge(q, page, n));
        assertThat(cache.bytes()).isEqualTo(before);

        assertThat(List.of(PageTag.of("c", true, false), PageTag.of("c", true, true), PageTag.of("c", false, false),
                PageTag.of("c", false, true))).doesNotHaveDuplicates().allSatisfy(t -> assertThat(t).doesNotContain("--"));
    }

    @Test
    void manyDistinctPagesEvictOneAtATimeAndKeepTheHotPage() {
        CandleQuery hot = query(500);
        CandlePage page = page(500);
        PageCache probe = new PageCache(16, Long.MAX_VALUE);
        probe.put(hot, "c", "s", page);
        long one = probe.bytes();
        PageCache cache = new PageCache(16, one * 8);
        cache.put(hot, "c", "s", page);
        for (int limit = 501; limit < 1_000; limit++) {
            assertThat(cache.get(hot)).as("the hot page, read between the one-off pages").isNotNull();
            cache.put(query(limit), "c", "s", page);
            assertThat(cache.bytes()).isLessThanOrEqualTo(one * 8);
        }
        assertThat(cache.get(hot)).isNotNull();
        page.gzip(true, n -> cache.charge(hot, page, n));
        assertThat(cache.get(hot)).as("a charge evicts others, not everything").isNotNull();
        assertThat(cache.bytes()).isGreaterThan(one).isLessThanOrEqualTo(one * 8);
    }

    /**
     * After start-up warming made every cached page frequent, a big page (1000 candles with clusters)
     * asked again and again is cached on its second request (W-TinyLFU admission never took it).
     */
    @Test
    void aBigPageAskedAgainIsCachedEvenWhenEveryCachedPageIsHot() {
        CandlePage small = page(100);
        PageCache probe = new PageCache(16, Long.MAX_VALUE);
        probe.put(query(100), "c", "s", small);
        long one = probe.bytes();
        PageCache cache = new PageCache(256, one * 40);
        for (int limit = 1; limit <= 60; limit++) {
            cache.put(query(limit), "c", "s", small);
            for (int i = 0; i < 20; i++) {
                cache.get(query(limit));
            }
        }
        CandleQuery big = query(1000);
        CandlePage bigPage = page(1500); // about 15 small pages: under half the bound
        for (int request = 0; request < 2; request++) {
            if (cache.get(big) == null) {
                cache.put(big, "c", "s", bigPage);
            }
        }
        assertThat(cache.get(big)).as("cached after its first build").isNotNull();
        assertThat(cache.bytes()).isLessThanOrEqualTo(one * 40);
        assertThat(cache.get(query(60))).as("the most recently asked small page stays").isNotNull();
    }

    /** A newer version of a page too big to cache does not leave the older one behind. */
    @Test
    void aPageGrownTooBigReplacesItsOlderVersionByNothing() {
        CandleQuery q = query(500);
        PageCache probe = new PageCache(16, Long.MAX_VALUE);
        probe.put(q, "c", "s", page(100));
        PageCache cache = new PageCache(16, probe.bytes() * 4);
        cache.put(q, "c-1", "s1", page(100));
        assertThat(cache.get(q)).isNotNull();
        cache.put(q, "c-2", "s2", page(1000));
        assertThat(cache.get(q)).isNull();
        assertThat(cache.bytes()).isZero();
    }
}
