// Liquidation markers of the CryptoFlow chart: each liquidation from /api/liquidations as a circle on
// the price pane at its candle and price, its area growing with the notional; red = a long was
// liquidated, green = a short. Times the collector's stream was not connected (the answer's `covered`
// leaves them out) get a dotted line under the price pane: unknown there, not "none".
window.LiquidationMarkers = (function () {
  'use strict';

  const HOUR = 3600000, MAX_PAGES = 5;
  let key = null, events = [], covered = [], redraw = null;

  async function load(exchange, symbol, from, to, k) {
    const got = [];
    let cover = [], cursor = null;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const q = new URLSearchParams({ exchange, symbol, from: String(from), to: String(to), limit: '5000' });
        if (cursor) q.set('cursor', cursor);
        const r = await fetch('/api/liquidations?' + q, { headers: { 'Accept': 'application/json' } });
        if (!r.ok) break;
        const body = await r.json();
        body.liquidations.forEach((l) => got.push({ time: l[0], long: l[1] === 'long', price: l[2], notional: l[4] }));
        cover = body.covered;
        cursor = body.next;
        if (!cursor) break;
      }
    } catch (e) {
      // no markers: the chart stays usable
    }
    if (k !== key) return;
    events = got; covered = cover;
    document.body.dataset.liquidations = String(events.length);
    if (redraw) redraw();
  }

  /** Index of the candle holding time t in a[first..last] (open times ascending), or -1. */
  function candleOf(a, first, last, t, tfMs) {
    let lo = first, hi = last;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].time + tfMs <= t) lo = mid + 1; else if (a[mid].time > t) hi = mid - 1; else return mid;
    }
    return -1;
  }

  function isCovered(from, to) {
    return covered.some((c) => c.from <= from && c.to >= to);
  }

  /** Draws markers for candles a[first..last] (x from xOf(i), price to y with y(p)) in the pane P. */
  function draw(ctx, P, a, first, last, xOf, y, state, onLoaded) {
    redraw = onLoaded;
    const tfMs = state.tf * 60000;
    const from = Math.floor(a[first].time / HOUR) * HOUR, to = (Math.floor((a[last].time + tfMs) / HOUR) + 1) * HOUR;
    const k = state.exchange + ':' + state.symbol + ':' + from + ':' + to;
    if (k !== key) { key = k; events = []; covered = []; load(state.exchange, state.symbol, from, to, k); }
    let maxNotional = 0;
    events.forEach((e) => { maxNotional = Math.max(maxNotional, e.notional); });
    for (const e of events) {
      const i = candleOf(a, first, last, e.time, tfMs);
      if (i < 0) continue;
      const py = y(e.price);
      if (py < P.top || py > P.bottom) continue; // outside the prices on screen
      const radius = 2 + 8 * Math.sqrt(e.notional / (maxNotional || 1));
      ctx.fillStyle = e.long ? 'rgba(224,68,62,0.55)' : 'rgba(38,162,105,0.55)';
      ctx.beginPath(); ctx.arc(xOf(i), py, radius, 0, 2 * Math.PI); ctx.fill();
    }
    if (!covered.length && !events.length) return; // a market without a stream: nothing to say
    ctx.strokeStyle = '#8b95a1'; ctx.setLineDash([1, 3]);
    for (let i = first; i <= last; i++) {
      if (isCovered(a[i].time, a[i].time + tfMs - 1)) continue;
      const x = xOf(i), w = state.barW / 2;
      ctx.beginPath(); ctx.moveTo(x - w, P.bottom - 1); ctx.lineTo(x + w, P.bottom - 1); ctx.stroke();
    }
    ctx.setLineDash([]);
  }

  return { draw };
})();
