// Open-interest pane of the CryptoFlow chart: under the delta pane, the open interest at each visible
// candle's close (the newest sample within the candle) from /api/open-interest, as a line on its own
// scale. No sample in a candle (spot markets, times not collected): no line there, never a 0.
window.OpenInterestPane = (function () {
  'use strict';

  const HOUR = 3600000;
  let key = null, points = [], redraw = null;

  async function load(exchange, symbol, from, to, k) {
    const q = new URLSearchParams({ exchange, symbol, from: String(from), to: String(to), limit: '5000' });
    try {
      const r = await fetch('/api/open-interest?' + q, { headers: { 'Accept': 'application/json' } });
      const body = await r.json();
      if (k !== key) return;
      points = r.ok ? body.openInterest || [] : [];
    } catch (e) {
      points = [];
    }
    document.body.dataset.openInterest = String(points.length);
    if (redraw) redraw();
  }

  /** The newest sample in [from, t], or null. */
  function at(from, t) {
    let lo = 0, hi = points.length - 1, found = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (points[mid].time <= t) { found = points[mid]; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found && found.time >= from ? found : null;
  }

  /**
   * Draws the pane into L.oi ({top, bottom}; label at L.plotW) for candles a[first..last] (x from xOf(i)); asks for
   * the range again when the market or the visible hours change, then calls onLoaded to redraw.
   */
  function draw(ctx, L, a, first, last, xOf, state, colors, onLoaded) {
    redraw = onLoaded;
    const area = L.oi;
    const tfMs = state.tf * 60000;
    const from = Math.floor(a[first].time / HOUR) * HOUR, to = (Math.floor((a[last].time + tfMs) / HOUR) + 1) * HOUR;
    const k = state.exchange + ':' + state.symbol + ':' + from + ':' + to;
    if (k !== key) { key = k; load(state.exchange, state.symbol, from, to, k); }
    const values = [];
    let lo = Infinity, hi = -Infinity;
    for (let i = first; i <= last; i++) {
      const p = at(a[i].time, a[i].time + tfMs - 1);
      values.push(p ? p.oi : null);
      if (p) { lo = Math.min(lo, p.oi); hi = Math.max(hi, p.oi); }
    }
    ctx.fillStyle = colors.text; ctx.font = '10px sans-serif';
    ctx.fillText('OI', L.plotW + 6, area.top + 10);
    if (hi < lo) return;
    const span = hi - lo || 1;
    const y = (v) => area.bottom - (v - lo) / span * (area.bottom - area.top - 2) - 1;
    PaneLine(ctx, values, first, xOf, y, colors.poc, 1.5);
  }

  return { draw };
})();
