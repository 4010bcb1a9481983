// The timeline: an SVG histogram of events over time (bins from api/events/timeline), imprecise
// dates drawn as range bars under it, and a brush (drag to select) that sets from/to.
// The x domain is zoomable with presets (all time, 1990s…2020 is wide; or the 2020 war).

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86400000;

/** Options (defaults). */
const DEFAULTS = {
  height: 110, // px, whole chart
  histHeight: 60, // px, the histogram part
  rangeRow: 7, // px per row of range bars
  margin: { left: 8, right: 8, top: 6, bottom: 18 },
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
    this.svg = svg('svg', { class: 'timeline-svg', role: 'img', 'aria-label': 'Histogram of events over time; drag to select a period' });
    container.append(this.svg);
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
    const [t0, t1] = Array.isArray(this.domain) ? this.domain : this._extent(this.domain === 'all');
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

  /** Year (or month) ticks, spaced to fit. */
  _ticks(x, t0, t1, height) {
    const years = (t1 - t0) / (365 * DAY);
    const y = height - 4;
    const start = new Date(t0);
    if (years > 2) {
      const step = years > 20 ? 5 : years > 8 ? 2 : 1;
      for (let yr = Math.ceil(start.getUTCFullYear() / step) * step; Date.UTC(yr, 0, 1) < t1; yr += step) {
        const t = Date.UTC(yr, 0, 1);
        if (t < t0) continue;
        this.svg.append(svg('line', { class: 'tick', x1: x(t), x2: x(t), y1: y - 10, y2: y - 6 }));
        this.svg.append(svg('text', { class: 'tick-label', x: x(t) + 2, y }, String(yr)));
      }
    } else {
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const every = years > 1 ? 3 : 1;
      for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); d.getTime() < t1; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + every, 1))) {
        const t = d.getTime();
        const label = d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : months[d.getUTCMonth()];
        this.svg.append(svg('line', { class: 'tick', x1: x(t), x2: x(t), y1: y - 10, y2: y - 6 }));
        this.svg.append(svg('text', { class: 'tick-label', x: x(t) + 2, y }, label));
      }
    }
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
