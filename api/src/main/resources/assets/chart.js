// CryptoFlow chart: candlesticks with liquidation markers, volume, delta (with CVD) and open-interest panes,
// footprint when zoomed in.
// Plain canvas code, no external libraries; data from /api/candles, live updates from /ws.
(function () {
  'use strict';

  const params = new URLSearchParams(location.search);
  const PAGE = Math.max(1, Math.min(5000, parseInt(params.get('limit') || '1000', 10) || 1000));
  const FOOTPRINT_MIN_BAR = 70;   // px per candle from which the footprint replaces the candle body
  const AXIS_W = 72, TIME_H = 18;
  const COLORS = { up: '#26a269', down: '#e0443e', grid: '#1d232b', text: '#8b95a1', poc: '#f5c211',
                   buy: 'rgba(38,162,105,0.85)', sell: 'rgba(224,68,62,0.85)', vol: '#3d4650' };

  const state = {
    exchange: null, symbol: null, tf: 15,
    candles: [], hasMore: false, oldestTime: null, loadingOlder: false,
    barW: 9, offset: 0, generation: 0, markets: {},
    ws: null, wsReady: false, subscribed: null, hover: null, lastUpdate: null
  };

  const $ = (id) => document.getElementById(id);
  const canvas = $('chart');
  const ctx = canvas.getContext('2d');
  const clusterCache = new WeakMap();

  // ---------- data ----------

  async function getJson(url) {
    const r = await fetch(url, { headers: { 'Accept': 'application/json' } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.message || ('HTTP ' + r.status));
    return body;
  }

  // Pages come without footprints (clusters=false: a fraction of the bytes); the footprints of the
  // few candles on screen are fetched when the zoom is wide enough to draw them.
  function candlesUrl(before) {
    const q = new URLSearchParams({ exchange: state.exchange, symbol: state.symbol, tf: String(state.tf),
      limit: String(PAGE), clusters: 'false' });
    if (before != null) q.set('before', String(before));
    return '/api/candles?' + q;
  }

  async function loadClusters(from, to, count) {
    if (state.loadingClusters) return;
    state.loadingClusters = true;
    const gen = state.generation;
    try {
      const q = new URLSearchParams({ exchange: state.exchange, symbol: state.symbol, tf: String(state.tf),
        limit: String(count), from: String(from), to: String(to) });
      const page = await getJson('/api/candles?' + q);
      if (gen !== state.generation) return;
      for (const c of page.candles) upsertCandle(c);
      // a candle the server no longer has in that range: do not ask again on every frame
      for (const c of state.candles) if (c.time >= from && c.time <= to && c.clusters === undefined) c.clusters = {};
      draw();
    } catch (e) {
      setStatus(e.message, 'error');
    } finally {
      state.loadingClusters = false;
    }
  }

  async function loadMarkets() {
    const s = await getJson('/api/symbols');
    state.markets = s.exchanges || {};
    const exchanges = Object.keys(state.markets);
    if (exchanges.length === 0) throw new Error('the replica holds no candles yet');
    const wantEx = (params.get('exchange') || 'binance').toLowerCase();
    state.exchange = exchanges.includes(wantEx) ? wantEx : exchanges[0];
    const wantSym = (params.get('symbol') || 'BTCUSDT').toUpperCase();
    const symbols = state.markets[state.exchange];
    state.symbol = symbols.includes(wantSym) ? wantSym : symbols[0];
    state.tf = offeredTimeframe(params.get('tf'));
    fillSelect($('exchange'), exchanges, state.exchange);
    fillSelect($('symbol'), symbols, state.symbol);
  }

  /** The tf parameter as minutes, when one of the buttons offers it (minutes or label, like the API); else 15. */
  function offeredTimeframe(text) {
    const buttons = [...document.querySelectorAll('#timeframes button')];
    const t = (text || '15').trim().toLowerCase();
    const b = buttons.find(x => x.dataset.tf === t || x.textContent.trim().toLowerCase() === t);
    return b ? parseInt(b.dataset.tf, 10) : 15;
  }

  function fillSelect(select, values, selected) {
    select.innerHTML = '';
    for (const v of values) {
      const o = document.createElement('option');
      o.value = v; o.textContent = v.toUpperCase(); o.selected = v === selected;
      select.appendChild(o);
    }
  }

  async function load() {
    const gen = ++state.generation;
    markTimeframe();
    setStatus('loading…');
    try {
      const page = await getJson(candlesUrl(null));
      if (gen !== state.generation) return;
      state.candles = page.candles;
      state.hasMore = page.hasMore;
      state.oldestTime = page.oldestTime;
      state.offset = 0;
      publish();
      subscribe();
      draw();
    } catch (e) {
      if (gen === state.generation) setStatus(e.message, 'error');
    }
  }

  async function loadOlder() {
    if (!state.hasMore || state.loadingOlder || state.oldestTime == null) return;
    state.loadingOlder = true;
    const gen = state.generation;
    try {
      const page = await getJson(candlesUrl(state.oldestTime));
      if (gen !== state.generation) return;
      const first = state.candles.length ? state.candles[0].time : Infinity;
      const older = page.candles.filter((c) => c.time < first);
      state.candles = older.concat(state.candles);
      state.hasMore = page.hasMore;
      state.oldestTime = page.oldestTime ?? state.oldestTime;
      publish();
      draw();
    } catch (e) {
      setStatus(e.message, 'error');
    } finally {
      state.loadingOlder = false;
    }
  }

  /** Inserts or replaces one candle by open time, keeping ascending order. */
  function upsertCandle(c) {
    const a = state.candles;
    if (a.length === 0 || c.time > a[a.length - 1].time) { a.push(c); return; }
    let lo = 0, hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].time === c.time) { a[mid] = c; return; }
      if (a[mid].time < c.time) lo = mid + 1; else hi = mid - 1;
    }
    if (lo > 0) a.splice(lo, 0, c); // older than the loaded range otherwise: scroll-back will fetch it
  }

  // ---------- live ----------

  function stored() { return state.exchange.toUpperCase() + ':' + state.symbol.toUpperCase(); }

  function connect(delay) {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(proto + '//' + location.host + '/ws');
    state.ws = ws;
    ws.onopen = () => { state.wsReady = true; state.subscribed = null; subscribe(); };
    ws.onmessage = (ev) => onLive(JSON.parse(ev.data));
    ws.onclose = () => {
      state.wsReady = false;
      setStatus('reconnecting…');
      const next = Math.min(10000, (delay || 500) * 2);
      setTimeout(() => connect(next), delay || 500);
    };
  }

  function subscribe() {
    if (!state.wsReady || !state.exchange) return;
    const want = { symbol: state.symbol, exchange: state.exchange, tf: state.tf };
    const s = state.subscribed;
    if (s && s.symbol === want.symbol && s.exchange === want.exchange && s.tf === want.tf) return;
    if (s) state.ws.send(JSON.stringify(Object.assign({ type: 'unsubscribe' }, s)));
    state.ws.send(JSON.stringify(Object.assign({ type: 'subscribe' }, want)));
    state.subscribed = want;
  }

  function onLive(msg) {
    if (msg.type === 'error') { setStatus(msg.message, 'error'); return; }
    if (msg.symbol !== stored() || msg.tf !== state.tf) return;
    if (msg.type === 'history') {
      for (const c of msg.candles) upsertCandle(c);
      setStatus('live', 'live');
    } else if (msg.type === 'candle') {
      upsertCandle(msg.candle);
      state.lastUpdate = msg.candle.time;
      document.body.dataset.lastUpdate = String(msg.candle.time);
    } else {
      return;
    }
    publish();
    draw();
  }

  // ---------- view ----------

  function setStatus(text, kind) {
    const el = $('status');
    el.textContent = text;
    el.className = 'status' + (kind ? ' ' + kind : '');
  }

  function markTimeframe() {
    for (const b of document.querySelectorAll('#timeframes button')) {
      b.classList.toggle('active', parseInt(b.dataset.tf, 10) === state.tf);
    }
  }

  /** State the browser test (and curious users) can read from the DOM. */
  function publish() {
    const d = document.body.dataset;
    d.exchange = state.exchange; d.symbol = state.symbol; d.tf = String(state.tf);
    d.candles = String(state.candles.length); d.hasMore = String(state.hasMore);
  }

  function resize() {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * dpr);
    canvas.height = Math.round(canvas.clientHeight * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    draw();
  }

  function layout() {
    const w = canvas.clientWidth, h = canvas.clientHeight - TIME_H;
    const plotW = w - AXIS_W;
    return {
      w, h, plotW,
      price: { top: 4, bottom: Math.round(h * 0.64) },
      volume: { top: Math.round(h * 0.66), bottom: Math.round(h * 0.82) },
      delta: { top: Math.round(h * 0.84), bottom: Math.round(h * 0.92) },
      oi: { top: Math.round(h * 0.93), bottom: h }
    };
  }

  function visibleRange(L) {
    const n = state.candles.length;
    const last = n - 1 - Math.round(state.offset);
    const count = Math.ceil(L.plotW / state.barW) + 1;
    return { first: Math.max(0, last - count + 1), last: Math.min(n - 1, last), lastIdx: last };
  }

  function xOf(i, L, r) { return L.plotW - (r.lastIdx - i + 0.5) * state.barW; }

  function clustersOf(c) {
    let levels = clusterCache.get(c);
    if (!levels) {
      levels = Object.entries(c.clusters || {})
        .map(([p, v]) => ({ price: parseFloat(p), buy: +v.buy || 0, sell: +v.sell || 0 }))
        .filter((l) => isFinite(l.price))
        .sort((a, b) => a.price - b.price);
      clusterCache.set(c, levels);
    }
    return levels;
  }

  function fmt(v) {
    if (v == null) return '?'; // not known (trades not seen whole): never drawn as 0
    const a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
    if (a >= 1e4) return (v / 1e3).toFixed(1) + 'k';
    if (a >= 100) return v.toFixed(0);
    if (a >= 1) return v.toFixed(2);
    return v.toPrecision(3);
  }

  function draw() {
    const L = layout();
    ctx.clearRect(0, 0, L.w, L.h + TIME_H);
    const a = state.candles;
    if (a.length === 0) { document.body.dataset.footprint = 'off'; return; }
    const r = visibleRange(L);
    if (r.first > r.last) return;

    let lo = Infinity, hi = -Infinity, maxVol = 0, maxDelta = 0;
    for (let i = r.first; i <= r.last; i++) {
      const c = a[i];
      lo = Math.min(lo, c.low); hi = Math.max(hi, c.high);
      maxVol = Math.max(maxVol, c.volume); maxDelta = Math.max(maxDelta, Math.abs(c.delta));
    }
    const pad = (hi - lo) * 0.05 || 1;
    lo -= pad; hi += pad;
    const P = L.price;
    const y = (p) => P.top + (hi - p) / (hi - lo) * (P.bottom - P.top);

    drawGrid(L, lo, hi, y);
    if (window.DepthHeatmap) DepthHeatmap.draw(ctx, P, a, r.first, r.last, (i) => xOf(i, L, r), y, state, draw, L.plotW);
    const footprint = state.barW >= FOOTPRINT_MIN_BAR;
    document.body.dataset.footprint = footprint ? 'on' : 'off';
    if (footprint) {
      let missing = false;
      for (let i = r.first; i <= r.last && !missing; i++) missing = a[i].clusters === undefined;
      if (missing) loadClusters(a[r.first].time, a[r.last].time, r.last - r.first + 1);
    }
    const bodyW = Math.max(1, state.barW * 0.7);
    let footprints = 0;

    for (let i = r.first; i <= r.last; i++) {
      const c = a[i], x = xOf(i, L, r);
      const up = c.close >= c.open;
      const levels = footprint ? clustersOf(c) : [];
      if (levels.length > 0) {
        footprints++;
        drawFootprint(c, levels, x, y);
      } else {
        ctx.strokeStyle = ctx.fillStyle = up ? COLORS.up : COLORS.down;
        ctx.beginPath(); ctx.moveTo(Math.round(x) + 0.5, y(c.high)); ctx.lineTo(Math.round(x) + 0.5, y(c.low)); ctx.stroke();
        const top = y(Math.max(c.open, c.close)), h = Math.max(1, Math.abs(y(c.open) - y(c.close)));
        if (c.closed === false) {
          ctx.setLineDash([3, 2]); ctx.strokeRect(x - bodyW / 2, top, bodyW, h); ctx.setLineDash([]);
        } else {
          ctx.fillRect(x - bodyW / 2, top, bodyW, h);
        }
      }
      // volume: total, with the taker-buy part on top of it
      const V = L.volume, vh = (V.bottom - V.top) / (maxVol || 1);
      ctx.fillStyle = COLORS.vol;
      ctx.fillRect(x - bodyW / 2, V.bottom - c.volume * vh, bodyW, c.volume * vh);
      // delta around a zero line
      const D = L.delta, mid = (D.top + D.bottom) / 2, dh = (D.bottom - D.top) / 2 / (maxDelta || 1);
      if (c.buyVolume == null || c.delta == null) {
        // taker side not known (trades not seen whole, or klines without it): an outline, not a zero
        ctx.strokeStyle = COLORS.vol; ctx.setLineDash([2, 2]);
        ctx.strokeRect(x - bodyW / 2, mid - 3, bodyW, 6); ctx.setLineDash([]);
        continue;
      }
      ctx.fillStyle = COLORS.buy;
      ctx.fillRect(x - bodyW / 2, V.bottom - c.buyVolume * vh, bodyW, c.buyVolume * vh);
      ctx.fillStyle = c.delta >= 0 ? COLORS.up : COLORS.down;
      const dy = c.delta * dh;
      ctx.fillRect(x - bodyW / 2, dy >= 0 ? mid - dy : mid, bodyW, Math.max(1, Math.abs(dy)));
    }
    document.body.dataset.footprintCandles = String(footprints);
    if (window.LiquidationMarkers) LiquidationMarkers.draw(ctx, P, a, r.first, r.last, (i) => xOf(i, L, r), y, state, draw);
    if (window.CvdLine) CvdLine.draw(ctx, L.delta, a, r.first, r.last, (i) => xOf(i, L, r), L.plotW, '#62a0ea');
    if (window.OpenInterestPane) OpenInterestPane.draw(ctx, L, a, r.first, r.last, (i) => xOf(i, L, r), state, COLORS, draw);
    drawLabels(L, r, a);
    drawHover(L, r);
    if (r.first < 10 && state.hasMore) loadOlder();
  }

  function drawFootprint(c, levels, x, y) {
    const step = levels.length > 1 ? (levels[levels.length - 1].price - levels[0].price) / (levels.length - 1) : 0;
    const rowH = Math.max(8, step ? Math.abs(y(levels[0].price) - y(levels[0].price + step)) : 12);
    const w = state.barW * 0.9, left = x - w / 2;
    let poc = levels[0];
    let maxSide = 0;
    for (const l of levels) {
      if (l.buy + l.sell > poc.buy + poc.sell) poc = l;
      maxSide = Math.max(maxSide, l.buy, l.sell);
    }
    ctx.font = Math.min(11, Math.max(8, rowH - 2)) + 'px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    for (const l of levels) {
      const ly = y(l.price);
      ctx.fillStyle = 'rgba(224,68,62,' + (0.15 + 0.6 * l.sell / (maxSide || 1)) + ')';
      ctx.fillRect(left, ly - rowH / 2, w / 2, rowH - 1);
      ctx.fillStyle = 'rgba(38,162,105,' + (0.15 + 0.6 * l.buy / (maxSide || 1)) + ')';
      ctx.fillRect(left + w / 2, ly - rowH / 2, w / 2, rowH - 1);
      if (rowH >= 9) {
        ctx.fillStyle = '#e6e9ec';
        ctx.textAlign = 'right'; ctx.fillText(fmt(l.sell), left + w / 2 - 3, ly);
        ctx.textAlign = 'left'; ctx.fillText(fmt(l.buy), left + w / 2 + 3, ly);
      }
    }
    ctx.strokeStyle = COLORS.poc; ctx.lineWidth = 1.5;
    ctx.strokeRect(left, y(poc.price) - rowH / 2, w, rowH - 1);
    ctx.lineWidth = 1;
    ctx.strokeStyle = c.close >= c.open ? COLORS.up : COLORS.down;
    ctx.strokeRect(left, y(Math.max(c.open, c.close)), w, Math.max(1, Math.abs(y(c.open) - y(c.close))));
  }

  function drawGrid(L, lo, hi, y) {
    ctx.strokeStyle = COLORS.grid; ctx.fillStyle = COLORS.text;
    ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    const ticks = 6, span = hi - lo;
    const raw = span / ticks, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
    for (let p = Math.ceil(lo / step) * step; p <= hi; p += step) {
      const py = Math.round(y(p)) + 0.5;
      ctx.beginPath(); ctx.moveTo(0, py); ctx.lineTo(L.plotW, py); ctx.stroke();
      ctx.fillText(fmt(p), L.plotW + 6, py);
    }
    for (const pane of [L.volume, L.delta]) {
      ctx.beginPath(); ctx.moveTo(0, pane.top - 0.5); ctx.lineTo(L.w, pane.top - 0.5); ctx.stroke();
    }
    ctx.fillText('vol', L.plotW + 6, L.volume.top + 8);
    ctx.fillText('delta', L.plotW + 6, L.delta.top + 8);
  }

  function drawLabels(L, r, a) {
    ctx.fillStyle = COLORS.text; ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    const every = Math.max(1, Math.ceil(90 / state.barW));
    for (let i = r.first; i <= r.last; i++) {
      if (i % every !== 0) continue;
      const d = new Date(a[i].time);
      const label = state.tf >= 1440 ? d.toISOString().slice(0, 10) : d.toISOString().slice(5, 16).replace('T', ' ');
      ctx.fillText(label, xOf(i, L, r), L.h + 3);
    }
  }

  function drawHover(L, r) {
    const tip = $('tooltip');
    const i = state.hover;
    const c = i != null && i >= r.first && i <= r.last ? state.candles[i] : state.candles[r.last];
    if (!c) { tip.textContent = ''; return; }
    tip.textContent = stored() + ' ' + new Date(c.time).toISOString().slice(0, 16).replace('T', ' ') +
      '  O ' + fmt(c.open) + '  H ' + fmt(c.high) + '  L ' + fmt(c.low) + '  C ' + fmt(c.close) +
      '  V ' + fmt(c.volume) + '  Δ ' + fmt(c.delta) + (c.closed === false ? '  (forming)' : '') +
      (c.tradesComplete === false ? '  (trades not seen whole)' : '');
  }

  // ---------- interaction ----------

  function zoomTo(barW) {
    state.barW = Math.max(2, Math.min(160, barW));
    draw();
  }

  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoomTo(state.barW * Math.pow(1.1, -e.deltaY / 100));
  }, { passive: false });

  let drag = null;
  canvas.addEventListener('mousedown', (e) => { drag = { x: e.clientX, offset: state.offset }; });
  window.addEventListener('mouseup', () => { drag = null; });
  canvas.addEventListener('mousemove', (e) => {
    const L = layout();
    if (drag) {
      const max = Math.max(0, state.candles.length - 5);
      state.offset = Math.max(-L.plotW / state.barW / 2, Math.min(max, drag.offset + (e.clientX - drag.x) / state.barW));
    }
    const r = visibleRange(L);
    const rect = canvas.getBoundingClientRect();
    state.hover = Math.round(r.lastIdx - (L.plotW - (e.clientX - rect.left)) / state.barW + 0.5);
    draw();
  });

  $('exchange').addEventListener('change', (e) => {
    state.exchange = e.target.value;
    const symbols = state.markets[state.exchange] || [];
    state.symbol = symbols.includes(state.symbol) ? state.symbol : symbols[0];
    fillSelect($('symbol'), symbols, state.symbol);
    load();
  });
  $('symbol').addEventListener('change', (e) => { state.symbol = e.target.value; load(); });
  for (const b of document.querySelectorAll('#timeframes button')) {
    b.addEventListener('click', () => { state.tf = parseInt(b.dataset.tf, 10); load(); });
  }
  window.addEventListener('resize', resize);

  window.cryptoflow = {
    state, load, loadOlder, zoomTo,
    lastCandle: () => state.candles[state.candles.length - 1] || null
  };

  (async function start() {
    resize();
    try {
      await loadMarkets();
      connect(500);
      await load();
    } catch (e) {
      setStatus(e.message, 'error');
      setTimeout(start, 3000);
    }
  })();
})();
