// A line through a pane's values for candles first, first+1, ... of the CryptoFlow chart; a null value
// (not known) lifts the pen, so an unknown is a gap in the line, never a point at 0. Shared by the
// open-interest pane and the CVD line.
window.PaneLine = function (ctx, values, first, xOf, y, color, width) {
  'use strict';
  ctx.strokeStyle = color; ctx.lineWidth = width; ctx.beginPath();
  let pen = false;
  values.forEach((v, j) => {
    if (v == null) { pen = false; return; }
    const x = xOf(first + j);
    if (pen) ctx.lineTo(x, y(v)); else ctx.moveTo(x, y(v));
    pen = true;
  });
  ctx.stroke(); ctx.lineWidth = 1;
};
