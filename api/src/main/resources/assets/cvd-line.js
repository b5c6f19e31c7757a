// Cumulative volume delta of the CryptoFlow chart: the running sum of the visible candles' delta
// (taker buy - taker sell), drawn as a line over the delta pane on its own scale. A candle whose delta
// is not known (null: trades not seen whole) breaks the line, and the sum starts again after it, so the
// line never passes through an unknown as if it were 0.
window.CvdLine = (function () {
  'use strict';

  /** Draws into D ({top, bottom}) for candles a[first..last], x from xOf(i); the label at labelX. */
  function draw(ctx, D, a, first, last, xOf, labelX, color) {
    const sums = [];
    let sum = 0, lo = Infinity, hi = -Infinity;
    for (let i = first; i <= last; i++) {
      const d = a[i].delta;
      if (d == null) { sums.push(null); sum = 0; continue; }
      sum += d;
      sums.push(sum);
      lo = Math.min(lo, sum); hi = Math.max(hi, sum);
    }
    document.body.dataset.cvdPoints = String(sums.filter((v) => v != null).length);
    if (hi < lo) return;
    const span = hi - lo || 1;
    const y = (v) => D.bottom - (v - lo) / span * (D.bottom - D.top - 2) - 1;
    PaneLine(ctx, sums, first, xOf, y, color, 1.2);
    ctx.fillStyle = color; ctx.font = '10px sans-serif';
    ctx.fillText('CVD', labelX + 6, D.top + 22); // under the delta pane's own label
  }

  return { draw };
})();
