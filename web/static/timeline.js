// The timeline: an SVG histogram of events over time (bins from api/events/timeline), imprecise
// dates drawn as range bars under it, and a brush (drag to select) that sets from/to.
// The x domain zooms (wheel, +/−, buttons) and pans (shift+wheel, arrow keys, buttons), with
// presets (all time, 1990s…2020 is wide; or the 2020 war); the axis shows years, months or days.

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86400000;

/** Options (defaults). */
const DEFAULTS = {
  height: 110, // px, whole chart
  histHeight: 60, // px, the histogram part
  rangeRow: 7, // px per row of range bars
  margin: { left: 8, right: 8, top: 6, bottom: 18 },
  minTickPx: 56, // closest spacing of axis ticks (px): picks years, months or days
  minSpanDays: 3, // narrowest zoom
  maxSpanDays: 365 * 120, // widest zoom
  zoomStep: 0.6, // span factor of one zoom-in step (wheel notch, button, "+" key)
};

const parse = (d) => Date.parse(d + 'T00:00:00Z');
const iso = (t) => new Date(t).toISOString().slice(0, 10);

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

export class Timeline {
  /** @param {HTMLElement} container  @param {{onBrush(from, to)}} handlers */
  constructor(container, handlers, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.container = container;
    this.handlers = handlers;
    this.data = null;
    this.domain = null; // [t0, t1] ms, or null = fit the data
    this.selection = null; // [fromIso, toIso]
    this.svg = svg('svg', { class: 'timeline-svg', role: 'img', tabindex: 0, 'aria-label': 'Histogram of events over time; drag to select a period, wheel or + and − to zoom, arrow keys or shift and wheel to pan' });
    container.append(this.svg);
    // Zoom with the wheel (around the pointer), pan with shift+wheel or a sideways wheel.
    this.svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.pan(Math.sign(e.deltaX || e.deltaY) * 0.2);
      else this.zoom(e.deltaY < 0 ? this.options.zoomStep : 1 / this.options.zoomStep, this._px(e));
    }, { passive: false });
    this.svg.addEventListener('keydown', (e) => {
      const act = { '+': () => this.zoom(this.options.zoomStep), '=': () => this.zoom(this.options.zoomStep), '-': () => this.zoom(1 / this.options.zoomStep), ArrowLeft: () => this.pan(-0.2), ArrowRight: () => this.pan(0.2) }[e.key];
      if (act) { e.preventDefault(); act(); }
    });
    this._brushing = null;
    this.svg.addEventListener('pointerdown', (e) => this._down(e));
    this.svg.addEventListener('pointermove', (e) => this._move(e));
    this.svg.addEventListener('pointerup', (e) => this._up(e));
    new ResizeObserver(() => this.render()).observe(container);
  }

  /** Sets the histogram data {interval, bins, ranges, undated}. */
  setData(data) {
    this.data = data;
    this.render();
  }

  /** Shows a selection (ISO dates; either may be empty). */
  setSelection(from, to) {
    this.selection = from || to ? [from, to] : null;
    this.render();
  }

  /** Zooms the axis to [fromIso, toIso]; ('all') fits every bin and range; (null) fits the precise bins. */
  setDomain(from, to) {
    this.domain = from && to ? [parse(from), parse(to) + DAY] : from === 'all' ? 'all' : null;
    this.render();
  }

  /** The extent of all bins and ranges, ms. */
  _extent(all = false) {
    const d = this.data;
    let t0 = Infinity, t1 = -Infinity;
    // Fit the precisely dated bins when there are any (ranges such as "the 1990s" would
    // squash them into a sliver; they stay reachable with "All time" and show as edge stubs).
    const bins = (d.bins || []).filter((b) => b.count);
    for (const b of bins.length && !all ? bins : [...bins, ...(d.ranges || [])]) {
      t0 = Math.min(t0, parse(b.start));
      t1 = Math.max(t1, parse(b.end) + DAY);
    }
    if (!Number.isFinite(t0)) return [parse('2020-01-01'), parse('2021-01-01')];
    const pad = Math.max(DAY, (t1 - t0) * 0.02);
    return [t0 - pad, t1 + pad];
  }

  _scale() {
    const { margin } = this.options;
    const width = this.container.clientWidth || 600;
    const [t0, t1] = this._domain();
    const x = (t) => margin.left + ((t - t0) / (t1 - t0)) * (width - margin.left - margin.right);
    const inv = (px) => t0 + ((px - margin.left) / (width - margin.left - margin.right)) * (t1 - t0);
    return { x, inv, t0, t1, width };
  }

  render() {
    const o = this.options;
    this.svg.replaceChildren();
    if (!this.data) return;
    const { x, t0, t1, width } = this._scale();
    const ranges = this.data.ranges || [];
    const height = o.margin.top + o.histHeight + 4 + Math.min(ranges.length, 8) * o.rangeRow + o.margin.bottom;
    this.svg.setAttribute('width', width);
    this.svg.setAttribute('height', height);
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const base = o.margin.top + o.histHeight;
    const max = Math.max(1, ...(this.data.bins || []).map((b) => b.count));

    // Histogram bars (at least 2 px wide so single days stay visible over decades).
    for (const b of this.data.bins || []) {
      if (!b.count) continue;
      const s = parse(b.start), e = parse(b.end) + DAY;
      if (e < t0 || s > t1) continue;
      const h = Math.max(2, (b.count / max) * o.histHeight);
      const x0 = x(s), w = Math.max(2, x(e) - x0 - 0.5);
      const r = svg('rect', { class: 'bar', x: x0, y: base - h, width: w, height: h });
      r.append(svg('title', {}, `${b.start === b.end ? b.start : b.start + ' – ' + b.end}: ${b.count} event${b.count === 1 ? '' : 's'}`));
      this.svg.append(r);
    }
    this.svg.append(svg('line', { class: 'axis', x1: o.margin.left, x2: width - o.margin.right, y1: base, y2: base }));

    // Ranges: imprecise dates as horizontal bars, one row each (clipped, with an arrow if outside).
    ranges.slice(0, 8).forEach((r, i) => {
      const s = parse(r.start), e = parse(r.end) + DAY;
      const y = base + 4 + i * o.rangeRow;
      // Clamp to the plot: a range outside the zoomed axis shows as a stub at that edge.
      const right = width - o.margin.right;
      let x0 = Math.max(o.margin.left, x(s)), x1 = Math.min(right, x(e));
      if (x1 < o.margin.left) { x0 = o.margin.left; x1 = x0 + 4; }
      if (x0 > right) { x1 = right; x0 = right - 4; }
      const bar = svg('rect', { class: 'range', x: x0, y, width: Math.max(2, x1 - x0), height: o.rangeRow - 2, rx: 2 });
      bar.append(svg('title', {}, `${r.start} – ${r.end}: ${r.count} event${r.count === 1 ? '' : 's'} dated only to this range`));
      this.svg.append(bar);
    });

    this._ticks(x, t0, t1, height);

    if (this.selection) {
      const [f, t] = this.selection;
      const sx = f ? x(parse(f)) : o.margin.left;
      const ex = t ? x(parse(t) + DAY) : width - o.margin.right;
      this.svg.append(svg('rect', { class: 'brush', x: Math.min(sx, ex), y: 0, width: Math.max(1, Math.abs(ex - sx)), height: height - o.margin.bottom }));
    }
  }

  /**
   * A time axis: years, months or days, whichever is the finest whose ticks stay at least
   * `minTickPx` apart. The first label (and every new year or month) carries its context, so a
   * month tick never stands without its year nor a day without its month.
   */
  _ticks(x, t0, t1, height) {
    const y = height - 4;
    const pxPerDay = (x(t0 + DAY) - x(t0)) || 1;
    const min = this.options.minTickPx;
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const levels = [
      ...[1, 2, 7, 14].map((n) => ({ unit: 'day', n, days: n })),
      ...[1, 3, 6].map((n) => ({ unit: 'month', n, days: 30.4 * n })),
      ...[1, 2, 5, 10, 20, 50].map((n) => ({ unit: 'year', n, days: 365.25 * n })),
    ];
    const level = levels.find((l) => l.days * pxPerDay >= min) || levels[levels.length - 1];
    const d0 = new Date(t0);
    let d;
    if (level.unit === 'year') d = new Date(Date.UTC(Math.ceil(d0.getUTCFullYear() / level.n) * level.n, 0, 1));
    else if (level.unit === 'month') d = new Date(Date.UTC(d0.getUTCFullYear(), Math.ceil(d0.getUTCMonth() / level.n) * level.n, 1));
    else d = new Date(Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate()));
    const next = (v) => {
      if (level.unit === 'year') return new Date(Date.UTC(v.getUTCFullYear() + level.n, 0, 1));
      if (level.unit === 'month') return new Date(Date.UTC(v.getUTCFullYear(), v.getUTCMonth() + level.n, 1));
      return new Date(v.getTime() + DAY);
    };
    // Days: every n-th day of each month from the 1st (1, 8, 15, 22 for weeks), so that a
    // month's ticks never crowd the next month's 1st.
    const onStep = (v) => level.unit !== 'day' || level.n === 1 || ((v.getUTCDate() - 1) % level.n === 0 && v.getUTCDate() + level.n <= 32);
    let first = true, prev = null;
    for (let guard = 0; d.getTime() < t1 && guard < 2000; d = next(d), guard++) {
      const t = d.getTime();
      if (t < t0 || !onStep(d)) continue;
      const yr = d.getUTCFullYear(), mo = d.getUTCMonth();
      let label;
      if (level.unit === 'year') label = String(yr);
      else if (level.unit === 'month') label = first || mo === 0 ? `${MONTHS[mo]} ${yr}` : MONTHS[mo];
      else {
        const newYear = !prev || prev.getUTCFullYear() !== yr;
        const newMonth = !prev || prev.getUTCMonth() !== mo;
        label = newYear ? `${d.getUTCDate()} ${MONTHS[mo]} ${yr}` : newMonth ? `${d.getUTCDate()} ${MONTHS[mo]}` : String(d.getUTCDate());
      }
      const major = level.unit === 'year' || label.includes(' ');
      this.svg.append(svg('line', { class: major ? 'tick tick-major' : 'tick', x1: x(t), x2: x(t), y1: y - 12, y2: y - 6 }));
      this.svg.append(svg('text', { class: 'tick-label', 'data-unit': level.unit, x: x(t) + 2, y }, label));
      first = false;
      prev = d;
    }
  }

  /** The domain shown, ms. */
  _domain() {
    return Array.isArray(this.domain) ? this.domain : this._extent(this.domain === 'all');
  }

  /** Zooms by `factor` (< 1 zooms in) around the time at `px` (default: the middle). */
  zoom(factor, px) {
    if (!this.data) return;
    const { inv, t0, t1 } = this._scale();
    const at = px === undefined ? (t0 + t1) / 2 : inv(px);
    const span = Math.min(this.options.maxSpanDays * DAY, Math.max(this.options.minSpanDays * DAY, (t1 - t0) * factor));
    const left = (at - t0) / (t1 - t0);
    this.domain = [at - span * left, at + span * (1 - left)];
    this.render();
  }

  /** Pans by `fraction` of the visible span (negative: earlier). */
  pan(fraction) {
    if (!this.data) return;
    const [t0, t1] = this._domain();
    const dt = (t1 - t0) * fraction;
    this.domain = [t0 + dt, t1 + dt];
    this.render();
  }

  _px(e) {
    const r = this.svg.getBoundingClientRect();
    return e.clientX - r.left;
  }

  _down(e) {
    if (!this.data) return;
    this._brushing = { x0: this._px(e) };
    this.svg.setPointerCapture(e.pointerId);
  }

  _move(e) {
    if (!this._brushing) return;
    const { inv } = this._scale();
    const a = inv(this._brushing.x0), b = inv(this._px(e));
    this.selection = [iso(Math.min(a, b)), iso(Math.max(a, b))];
    this.render();
  }

  _up(e) {
    if (!this._brushing) return;
    const moved = Math.abs(this._px(e) - this._brushing.x0) >= 3; // else a click, not a drag
    if (moved) this._move(e);
    this._brushing = null;
    if (moved) this.handlers.onBrush(...this.selection);
  }
}
