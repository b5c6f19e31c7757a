// Order-book heatmap of the CryptoFlow chart, drawn under the candles: the resting size per price bin and
// time step from /api/depth for the candles on screen, bids in blue and asks in violet, brighter for more
// size (relative to the largest visible cell). The step follows the zoom (about two pixels per column,
// never finer than 1 s); from/to are aligned on it so panning reuses the answer. Ranges the API reports
// missing (the book was not known right) get a grey strip along the top of the price pane: unknown there,
// not an empty book. The header's "Heatmap" box switches the layer off and on.
window.DepthHeatmap = (function () {
  'use strict';

  const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];
  const BID = [40, 120, 255], ASK = [190, 80, 255], LEVELS = 16;
  let key = null, depth = null, redraw = null;
  const toggle = document.getElementById('heatmap');
  if (toggle) toggle.addEventListener('change', () => { if (redraw) redraw(); });

  async function load(exchange, symbol, from, to, step, k) {
    let body = null;
    try {
      const q = new URLSearchParams({ exchange, symbol, from: String(from), to: String(to), step: String(step) });
      const r = await fetch('/api/depth?' + q, { headers: { 'Accept': 'application/json' } });
      body = r.ok ? await r.json() : null;
    } catch (e) {
      body = null; // no heatmap: the chart stays usable
    }
    if (k !== key) return;
    depth = body;
    document.body.dataset.heatmapSteps = String(body ? body.times.length : 0);
    if (redraw) redraw();
  }

  /** The step in ms for a visible span over plotW pixels: about 2 px a column, at most 5000 columns. */
  function stepFor(spanMs, plotW) {
    const want = Math.max(spanMs / Math.max(1, plotW / 2), spanMs / 4000) / 1000;
    return (STEPS_S.find((s) => s >= want) || 86400) * 1000;
  }

  /** x of time t (ms) inside its candle a[i], or null when no visible candle holds t. */
  function xAt(a, first, last, t, tfMs, barW, xOf) {
    let lo = first, hi = last;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].time + tfMs <= t) lo = mid + 1; else if (a[mid].time > t) hi = mid - 1;
      else return xOf(mid) - barW / 2 + (t - a[mid].time) / tfMs * barW;
    }
    return null;
  }

  function draw(ctx, P, a, first, last, xOf, y, state, onLoaded, plotW) {
    redraw = onLoaded;
    if (toggle && !toggle.checked) { document.body.dataset.heatmapCells = '0'; return; }
    const tfMs = state.tf * 60000;
    const t0 = a[first].time, t1 = a[last].time + tfMs - 1;
    const step = stepFor(t1 - t0 + 1, plotW);
    const from = Math.floor(t0 / step) * step, to = Math.floor(t1 / step) * step + step - 1;
    const k = [state.exchange, state.symbol, from, to, step].join(':');
    if (k !== key) { key = k; load(state.exchange, state.symbol, from, to, step, k); }
    if (!depth || depth.priceStep == null) { document.body.dataset.heatmapCells = '0'; return; }
    const d = depth, ps = d.priceStep, colW = Math.max(1, d.step / tfMs * state.barW);
    let max = 0;
    for (let i = 0; i < d.times.length; i++) {
      for (const v of d.bids[i]) if (v > max) max = v;
      for (const v of d.asks[i]) if (v > max) max = v;
    }
    if (max <= 0) return;
    // cells grouped by colour and brightness, so the canvas changes fillStyle 2 * LEVELS times at most
    const cells = [];
    for (let l = 0; l < 2 * LEVELS; l++) cells.push([]);
    const y0 = y(0), perPrice = y(1) - y0; // y is linear in price
    const lowBin = Math.floor((P.bottom - y0) / perPrice / ps), highBin = Math.ceil((P.top - y0) / perPrice / ps);
    let count = 0;
    for (let i = 0; i < d.times.length; i++) {
      const x = xAt(a, first, last, d.times[i], tfMs, state.barW, xOf);
      if (x === null) continue;
      count += side(cells, 0, x, d.bids[i], d.bidBin[i], -1);
      count += side(cells, LEVELS, x, d.asks[i], d.askBin[i], 1);
    }
    function side(out, base, x, sizes, best, dir) {
      let n = 0;
      for (let j = 0; j < sizes.length; j++) {
        const bin = best + dir * j;
        if (bin < lowBin || bin > highBin || sizes[j] <= 0) continue;
        const level = Math.min(LEVELS - 1, Math.floor(Math.sqrt(sizes[j] / max) * LEVELS));
        out[base + level].push(x, bin);
        n++;
      }
      return n;
    }
    for (let l = 0; l < 2 * LEVELS; l++) {
      const c = l < LEVELS ? BID : ASK, alpha = 0.08 + 0.6 * ((l % LEVELS) + 1) / LEVELS;
      ctx.fillStyle = 'rgba(' + c[0] + ',' + c[1] + ',' + c[2] + ',' + alpha.toFixed(3) + ')';
      const list = cells[l];
      for (let m = 0; m < list.length; m += 2) {
        const yHi = y((list[m + 1] + 1) * ps), yLo = y(list[m + 1] * ps);
        const yTop = Math.max(P.top, yHi);
        ctx.fillRect(list[m], yTop, colW, Math.max(1, Math.min(P.bottom, yLo) - yTop));
      }
    }
    ctx.fillStyle = 'rgba(140,140,140,0.6)';
    for (const m of d.missing) {
      const x0 = xAt(a, first, last, Math.max(m.from, t0), tfMs, state.barW, xOf);
      const x1 = xAt(a, first, last, Math.min(m.to, t1), tfMs, state.barW, xOf);
      if (x0 !== null && x1 !== null) ctx.fillRect(x0, P.top, Math.max(1, x1 - x0), 3);
    }
    document.body.dataset.heatmapCells = String(count);
  }

  return { draw };
})();
