// The Leaflet map: basemap (tiles, or Dateline's own outlines when offline), the events layer
// (clustered points; areas as translucent dashed polygons), the "places named" and mentions
// layers, and selection highlighting. Knows nothing about fetching: app.js feeds it.

/* global L */
import { el } from './dom.js';
import { typeColor, typeLabel } from './palette.js';
import { eventPlace, placeName } from './names.js';
import { dateLabel } from './dates.js';
import { geomBbox } from './api.js';

export { geomBbox };

/** Options (defaults). */
const DEFAULTS = {
  // Tile errors (with no tile loaded at all) after which the map switches to the offline outlines.
  maxTileErrors: 4,
  // Viewport used when neither the URL nor the data gives one: the South Caucasus. [w, s, e, n]
  homeBbox: [43.4, 38.3, 50.6, 42.0],
  // Extra attribution for Dateline's own data.
  attribution: 'Dateline · GeoNames CC BY 4.0 · Natural Earth',
  // Above this many distinct places in view, the "places named" layer draws dots without
  // permanent labels (labels would bury the map).
  maxPlaceLabels: 80,
  // Zoom from which points are never clustered (selecting a clustered event zooms there).
  unclusterZoom: 12,
  // Pixels kept between a selected marker's centre and a cover over the map (setCover).
  coverMargin: 16,
};

/** Whether a point event is located to an area drawn as a pin (its place has no outline). */
export function isApproximate(f) {
  const precision = f.properties.location_precision;
  return f.geometry && f.geometry.type === 'Point' && !!precision && precision !== 'place';
}

function pinIcon(color, selected, approximate = false) {
  const dot = el('span', { class: 'pin' + (selected ? ' pin-selected' : '') + (approximate ? ' pin-approx' : ''), style: `background:${color}` });
  return L.divIcon({ html: dot, className: 'pin-wrap', iconSize: [18, 18], iconAnchor: [9, 9] });
}

/** A cluster of events: a neutral dark disc with its count (not an event type's colour). */
function clusterIcon(cluster) {
  const n = cluster.getChildCount();
  const size = n < 10 ? 28 : n < 100 ? 34 : 40;
  return L.divIcon({ html: el('span', { class: 'cluster-count', text: String(n) }), className: 'event-cluster', iconSize: [size, size] });
}

/** The accessible name of a marker or cluster icon (Leaflet's `alt` names only image icons). */
function markerName(layer) {
  if (layer.getChildCount) return `Cluster of ${layer.getChildCount()} events: zoom in`;
  return layer.options && layer.options.name;
}

/** Whether two DOMRects overlap. */
function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

export class EventMap {
  /**
   * @param {HTMLElement} container
   * @param {object} config  config.json
   * @param {object} handlers {onSelect(id), onMove(bbox), onNotice(text)}
   */
  constructor(container, config, handlers, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.config = config;
    this.handlers = handlers;
    this.convention = config.names || 'en';
    this._features = new Map(); // id → feature
    this._layers = new Map(); // id → Leaflet layer (marker or polygon)
    this._selected = null;
    this._offline = false;

    // maxZoom on the map itself: with no tile layer (offline) markercluster needs it.
    this.map = L.map(container, { zoomControl: true, minZoom: 2, maxZoom: (config.tiles && config.tiles.max_zoom) || 18 });
    // A plain "Leaflet" credit: the library's default prefix carries a national flag, and
    // this map is read on contested ground.
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    this.map.attributionControl.addAttribution(this.options.attribution);
    this.map.createPane('outlines').style.zIndex = 250;

    // The outlines: a light world (low detail) and the full detail of what was in view, one
    // of the two shown (showOutlineDetail); each outline drawn once.
    this._outlinesLow = L.layerGroup();
    this._outlinesFull = L.layerGroup();
    this._outlineIds = new Set();
    this.outlines = L.layerGroup([this._outlinesLow, this._outlinesFull]);
    this.areas = L.featureGroup();
    this.points = L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true, disableClusteringAtZoom: this.options.unclusterZoom, iconCreateFunction: clusterIcon })
      : L.featureGroup();
    this.places = L.layerGroup();
    this.mentionsLayer = L.layerGroup();
    // Counts per grid cell when the view holds more events than a page (app.js decides).
    this.density = L.layerGroup();
    this.events = L.layerGroup([this.density, this.areas, this.points]);

    // data-moving on the map's element while it pans, zooms or flies (for styles and tests); an
    // interrupted fly ends in no moveend of its own, only the last one does.
    this.map.on('movestart', () => { this.map.getContainer().dataset.moving = '1'; });
    this.map.on('moveend', () => {
      delete this.map.getContainer().dataset.moving;
      if (this.handlers.onMove) this.handlers.onMove(this.bbox());
      this._uncover();
    });
    // Markers and clusters get names for screen readers and the keyboard.
    this.map.on('layeradd', (e) => {
      const icon = e.layer instanceof L.Marker && e.layer.getElement && e.layer.getElement();
      const name = icon && markerName(e.layer);
      if (name) icon.setAttribute('aria-label', name);
    });
    // Labels that would overlap are dropped, the less-used places first.
    this.map.on('zoomend', () => this._declutterLabels());
    // The side panel widens and narrows (detail open, phone rotation): keep Leaflet's size right.
    new ResizeObserver(() => this.map.invalidateSize({ debounceMoveend: true })).observe(container);
  }

  /** Sets up the base layer: tiles from config unless offline was asked for or tiles are null. */
  setBasemap(kind) {
    const tiles = this.config.tiles;
    if (this.tiles) { this.map.removeLayer(this.tiles); this.tiles = null; }
    this._offline = kind === 'offline' || !tiles;
    container(this.map).classList.toggle('offline', this._offline);
    if (this._offline) return;
    let loaded = 0, errors = 0;
    this.tiles = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom || 19 });
    this.tiles.on('tileload', () => { loaded++; });
    this.tiles.on('tileerror', () => {
      errors++;
      if (!loaded && errors >= this.options.maxTileErrors && !this._offline) {
        this.setBasemap('offline');
        this.handlers.onNotice && this.handlers.onNotice('Map tiles could not be loaded: showing offline outlines.');
      }
    });
    this.tiles.addTo(this.map);
  }

  /** Whether the offline outlines are the basemap. */
  isOffline() {
    return this._offline;
  }

  /** Draws outline features (countries, districts) under everything; `detail`: 'low' or 'full'. */
  addOutlines(fc, kind, detail = 'full') {
    const full = detail !== 'low';
    const fresh = (fc.features || []).filter((f) => !full || !this._outlineIds.has(`${kind} ${f.id}`));
    if (full) fresh.forEach((f) => this._outlineIds.add(`${kind} ${f.id}`));
    if (!fresh.length) return;
    const layer = L.geoJSON({ type: 'FeatureCollection', features: fresh }, {
      pane: 'outlines',
      interactive: false,
      style: () => ({ className: `outline outline-${kind} outline-${full ? 'full' : 'low'}`, color: kind === 'country' ? '#555' : '#999', weight: kind === 'country' ? 1.2 : 0.6, fillColor: '#f4f1ea', fillOpacity: 0 }),
    });
    (full ? this._outlinesFull : this._outlinesLow).addLayer(layer);
  }

  /** Shows the full-detail outlines (true) or the light world (false), never both. */
  showOutlineDetail(on) {
    const [show, hide] = on ? [this._outlinesFull, this._outlinesLow] : [this._outlinesLow, this._outlinesFull];
    if (!this.outlines.hasLayer(show)) this.outlines.addLayer(show);
    if (this.outlines.hasLayer(hide)) this.outlines.removeLayer(hide);
  }

  /** Shows or hides the named layers: events, places, outlines, mentions. */
  setLayers(names) {
    const want = new Set(names);
    const pairs = [['events', this.events], ['places', this.places], ['outlines', this.outlines], ['places', this.mentionsLayer]];
    for (const [name, layer] of pairs) {
      if (want.has(name)) layer.addTo(this.map);
      else this.map.removeLayer(layer);
    }
  }

  /** The viewport as [w, s, e, n], clamped to the world. */
  bbox() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)];
  }

  /** Fits the map to [w, s, e, n]. */
  fitBbox(b, animate = false) {
    this.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { animate });
  }

  /**
   * Draws the density grid (a FeatureCollection of Points with `count`), or clears it with
   * null: circles sized by count, each zooming to its events' bounds when clicked.
   */
  setDensity(fc) {
    this.density.clearLayers();
    if (!fc || !fc.features) return;
    const max = Math.max(1, ...fc.features.map((f) => f.properties.count));
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      const n = f.properties.count;
      const c = L.circleMarker([lat, lon], {
        radius: 6 + 18 * Math.sqrt(n / max),
        className: 'density-cell',
        color: '#333', weight: 1, fillColor: '#777', fillOpacity: 0.25,
      });
      c.bindTooltip(`${n.toLocaleString('en')} event${n === 1 ? '' : 's'}`);
      const b = f.properties.bbox;
      if (b) c.on('click', () => this.map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: this.options.unclusterZoom }));
      this.density.addLayer(c);
    }
  }

  /** Replaces the events drawn. */
  setEvents(features) {
    this.points.clearLayers();
    this.areas.clearLayers();
    this._features.clear();
    this._layers.clear();
    const markers = [];
    for (const f of features) {
      const id = f.properties.id;
      this._features.set(id, f);
      const layer = this._layerFor(f);
      if (!layer) continue;
      this._layers.set(id, layer);
      if (layer instanceof L.Marker) markers.push(layer);
      else this.areas.addLayer(layer);
    }
    // The legend says what a dashed pin is only while one is drawn.
    const approx = features.some(isApproximate);
    this.map.getContainer().closest('.map-wrap')?.querySelector('.legend-approx')?.toggleAttribute('hidden', !approx);
    if (this.points.addLayers) this.points.addLayers(markers);
    else markers.forEach((m) => this.points.addLayer(m));
    this._drawPlaces(features);
    if (this._selected) this.highlight(this._selected, false);
  }

  _tooltip(f) {
    const p = f.properties;
    return el('span', {}, el('strong', { text: p.title || typeLabel(p.event_type) }), el('br'), `${dateLabel(p)} · ${eventPlace(p, this.convention)}`);
  }

  _layerFor(f) {
    const p = f.properties;
    const g = f.geometry;
    if (!g) return null;
    const color = typeColor(p.event_type);
    const select = () => this.handlers.onSelect && this.handlers.onSelect(p.id);
    let layer;
    if (g.type === 'Point') {
      layer = L.marker([g.coordinates[1], g.coordinates[0]], {
        icon: pinIcon(color, p.id === this._selected, isApproximate(f)),
        title: `${p.title} (${dateLabel(p)})`,
        name: `${p.title || typeLabel(p.event_type)}, ${dateLabel(p)}, ${eventPlace(p, this.convention)}`,
        keyboard: true,
        riseOnHover: true,
      });
    } else {
      layer = L.geoJSON(f, {
        style: () => ({ color, weight: 2, dashArray: '6 4', fillColor: color, fillOpacity: 0.1, className: 'event-area' }),
      });
    }
    layer.bindTooltip(() => this._tooltip(f), { sticky: g.type !== 'Point', direction: 'top' });
    layer.on('click', select);
    return layer;
  }

  /**
   * The "places named" layer: one labelled dot per distinct place of the loaded events.
   * Places with more events rank first; a label that would overlap a higher-ranked one is
   * hidden (see _declutterLabels).
   */
  _drawPlaces(features) {
    // Unbound first: a permanent tooltip can outlive its marker's removal, doubling labels.
    this.places.eachLayer((m) => m.unbindTooltip());
    this.places.clearLayers();
    const byPlace = new Map(); // place_id → {f, n}
    for (const f of features) {
      const p = f.properties;
      if (!p.place_id || !f.geometry) continue;
      const seen = byPlace.get(p.place_id);
      if (seen) seen.n++;
      else byPlace.set(p.place_id, { f, n: 1 });
    }
    const labelled = byPlace.size <= this.options.maxPlaceLabels;
    const ranked = [...byPlace.values()].sort((a, b) => b.n - a.n || String(a.f.properties.place_id).localeCompare(String(b.f.properties.place_id)));
    ranked.forEach(({ f, n }, rank) => {
      const p = f.properties;
      const [w, s, e, north] = geomBbox(f.geometry);
      const label = eventPlace(p, this.convention);
      const m = L.circleMarker([(s + north) / 2, (w + e) / 2], { radius: 3, color: '#222', weight: 1.5, fillColor: '#fff', fillOpacity: 1, interactive: false, pane: 'markerPane', className: 'place-dot' });
      if (labelled) m.bindTooltip(el('span', { class: 'place-label-text', 'data-place': p.place_id, 'data-rank': rank, 'data-events': n, text: label }), { permanent: true, direction: 'right', className: 'place-label', offset: [4, 0] });
      this.places.addLayer(m);
    });
    requestAnimationFrame(() => this._declutterLabels());
  }

  /** Hides place labels that overlap a higher-ranked (more events) label. */
  _declutterLabels() {
    // This draw's labels only (a replaced draw's may linger in the pane for a frame).
    const labels = this.places.getLayers()
      .map((m) => m.getTooltip && m.getTooltip() && m.getTooltip().getElement())
      .filter((node) => node && node.isConnected)
      .map((node) => ({ node, rank: Number(node.querySelector('.place-label-text')?.dataset.rank ?? 1e9) }))
      .sort((a, b) => a.rank - b.rank);
    // A label of a replaced draw that Leaflet left in the pane is removed, never shown twice.
    const current = new Set(labels.map((l) => l.node));
    for (const node of this.map.getContainer().querySelectorAll('.place-label')) {
      if (!current.has(node)) node.remove();
    }
    const kept = [];
    for (const { node } of labels) {
      node.classList.remove('label-hidden');
      const r = node.getBoundingClientRect();
      const hit = kept.some((k) => overlaps(k, r));
      node.classList.toggle('label-hidden', hit);
      if (!hit) kept.push(r);
    }
  }

  /** Draws mentions of places in source texts (Points with text/name). */
  setMentions(fc) {
    this.mentionsLayer.clearLayers();
    for (const f of fc.features || []) {
      if (!f.geometry || f.geometry.type !== 'Point') continue;
      const [lon, lat] = f.geometry.coordinates;
      // A hollow diamond-ish ring: not an event type's colour (see the legend).
      const m = L.circleMarker([lat, lon], { radius: 5, color: '#5b2a86', weight: 2, dashArray: '2 2', fillColor: '#fff', fillOpacity: 0.6, className: 'mention-dot' });
      m.bindTooltip(el('span', { text: `“${f.properties.text}” in ${f.properties.source} → ${f.properties.name || ''}` }));
      this.mentionsLayer.addLayer(m);
    }
  }

  /** Changes the place-name convention of labels. */
  setConvention(convention) {
    this.convention = convention;
    this._drawPlaces([...this._features.values()]);
  }

  /** Marks an event as selected; `pan` brings it into view (opening its cluster). */
  highlight(id, pan = true) {
    const prev = this._selected && this._layers.get(this._selected);
    if (prev) this._styleLayer(prev, this._features.get(this._selected), false);
    this._selected = id;
    const layer = id && this._layers.get(id);
    if (!layer) return;
    this._styleLayer(layer, this._features.get(id), true);
    if (!pan) {
      this._uncover();
      return;
    }
    if (layer instanceof L.Marker) {
      // Not markercluster's zoomToShowLayer: its callbacks outlive a re-fetch that replaces
      // the markers. Zoom to where clustering stops instead, or pan when merely off-screen.
      const ll = layer.getLatLng();
      const parent = this.points.getVisibleParent ? this.points.getVisibleParent(layer) : layer;
      if (parent !== layer) this.map.setView(ll, Math.max(this.map.getZoom(), this.options.unclusterZoom));
      else if (!this.map.getBounds().contains(ll)) this.map.panTo(ll);
      else this._uncover();
    } else if (!this.map.getBounds().intersects(layer.getBounds())) {
      this.map.fitBounds(layer.getBounds(), { maxZoom: 9 });
    } else this._uncover();
  }

  /**
   * Something over the map (the embed's detail card): `getRect()` gives its DOMRect, or null
   * when it is hidden. The selected event is kept out from under it (see _uncover).
   */
  setCover(getRect) {
    this._cover = getRect;
  }

  /**
   * Pans the map so that the selected event (its marker, the cluster it is in, or its area's
   * centre) is not under the cover: to the middle of the widest free strip beside it. Runs
   * after every move and selection, so flights (the tour) and clicks both end uncovered.
   */
  _uncover() {
    const rect = this._cover && this._selected && this._cover();
    const layer = rect && rect.width && this._layers.get(this._selected);
    if (!layer) return;
    const parent = layer.getLatLng && this.points.getVisibleParent ? this.points.getVisibleParent(layer) : null;
    const at = (parent || layer).getLatLng ? (parent || layer).getLatLng() : layer.getBounds().getCenter();
    const p = this.map.latLngToContainerPoint(at);
    const box = this.map.getContainer().getBoundingClientRect();
    const m = this.options.coverMargin;
    const c = { left: rect.left - box.left - m, right: rect.right - box.left + m, top: rect.top - box.top - m, bottom: rect.bottom - box.top + m };
    if (p.x < c.left || p.x > c.right || p.y < c.top || p.y > c.bottom) return;
    const size = this.map.getSize();
    const strips = [
      { room: c.left, x: c.left / 2, y: p.y },
      { room: size.x - c.right, x: (c.right + size.x) / 2, y: p.y },
      { room: c.top, x: p.x, y: c.top / 2 },
      { room: size.y - c.bottom, x: p.x, y: (c.bottom + size.y) / 2 },
    ];
    const best = strips.reduce((a, b) => (b.room > a.room ? b : a));
    if (best.room <= 0) return;
    this.map.panBy([p.x - best.x, p.y - best.y], { animate: false });
  }

  _styleLayer(layer, f, on) {
    if (!f) return;
    const color = typeColor(f.properties.event_type);
    if (layer instanceof L.Marker) layer.setIcon(pinIcon(color, on, isApproximate(f)));
    else layer.setStyle({ weight: on ? 4 : 2, fillOpacity: on ? 0.3 : 0.1 });
  }

  /** Flies to an event (a feature, drawn or not): its point, or its area's bounds. */
  flyToEvent(f, zoom = 9) {
    if (!f || !f.geometry) return;
    const [w, s, e, n] = geomBbox(f.geometry);
    if (f.geometry.type === 'Point' || (e - w < 0.05 && n - s < 0.05)) this.map.flyTo([(s + n) / 2, (w + e) / 2], Math.max(zoom, Math.min(this.map.getZoom(), 12)), { duration: 0.8 });
    else this.map.flyToBounds([[s, w], [n, e]], { maxZoom: zoom, duration: 0.8, padding: [20, 20] });
  }

  /** Flies to a point (and zoom). */
  flyTo(lat, lon, zoom = 11) {
    this.map.flyTo([lat, lon], zoom, { duration: 0.8 });
  }
}

function container(map) {
  return map.getContainer();
}

export { placeName };
