// sitrep dashboard: map, weekly timeline, filters, event list, event page with evidence, review.
// Plain JavaScript, no build step; it talks only to the JSON API described in /api/openapi.json.
//
// Safety rule for this file: text that comes from the API (article text, titles, names, reasons)
// only ever reaches the page through textContent / createTextNode / setAttribute on known-safe
// attributes. Nothing here assigns HTML strings, so an article containing <script> or
// <img onerror> shows those characters and runs nothing.
'use strict';

(function () {
  // One table for event-type colours (Okabe-Ito palette, distinguishable with colour blindness),
  // shared by the map, the legend, the filter, the timeline and the list.
  const TYPES = [
    ['Battles', '#d55e00'],
    ['Explosions/Remote violence', '#e69f00'],
    ['Violence against civilians', '#cc79a7'],
    ['Protests', '#0072b2'],
    ['Riots', '#009e73'],
    ['Strategic developments', '#6b6b6b'],
  ];
  const COLOR = new Map(TYPES);
  const FILTERS = ['event_date_from', 'event_date_to', 'event_type', 'country', 'admin1', 'actor', 'q'];
  // The fields the overview needs; asking for only these keeps a 10,000-event page small.
  const LIST_FIELDS = 'event_id,event_date,event_type,sub_event_type,latitude,longitude,fatalities,country,admin1,location,actor1,actor2';
  const PAGE = 5000;          // events per API request
  // Stop paging past this many events (the most recent ones are shown and the status line
  // says so; the timeline still counts all). Leaflet draws 12k circles in ~0.2 s here, 100k in
  // ~4.6 s, which is too slow to filter interactively.
  const MAX_EVENTS = 25000;
  const LIST_STEP = 200;      // rows added to the list at a time
  const EDITABLE = [
    ['event_date', 'date'], ['time_precision', 'int'], ['event_type', 'text'], ['sub_event_type', 'text'],
    ['actor1', 'actor'], ['actor2', 'actor'], ['country', 'text'], ['iso3', 'text'], ['admin1', 'text'],
    ['admin2', 'text'], ['location', 'text'], ['coordinates', 'coords'], ['geo_precision', 'int'],
    ['fatalities', 'int'], ['fatalities_low', 'int'], ['fatalities_high', 'int'], ['fatalities_best', 'int'],
  ];
  const DETAIL_FIELDS = [
    'event_date', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'actor2', 'location', 'admin2',
    'admin1', 'country', 'iso3', 'latitude', 'longitude', 'geo_precision', 'geonameid', 'fatalities',
    'fatalities_low', 'fatalities_high', 'fatalities_best', 'cameo', 'plover', 'confidence', 'attribution',
  ];

  const $ = (id) => document.getElementById(id);
  const state = {
    filters: {},
    events: [],
    shown: 0,
    loads: 0,
    seq: 0,
    abort: null,
    map: null,
    renderer: null,
    markers: null,
    plot: null,
    lastFilters: null, // filters of the overview last loaded
    stale: false,      // a review changed data: reload the overview when it is shown again
    sig: '',           // what the overview last drew, for the minute refresh to compare
    admin1For: '',     // country whose admin1 units fill the admin1 select
    view: 0, // bumped on every route, so that a slow page load does not draw over a newer one
    monitorMsg: '',      // the feeds and alerts view's last write, shown again after it redraws
    monitorLoads: 0,     // times that view was drawn (on the page as data-loads, for the browser test)
    ruleFormOpen: false, // the "add an alert rule" form stays open across redraws
  };

  // ---------- DOM helpers (text only) ----------

  // el builds an element. Strings among children become text nodes; attrs are set with
  // setAttribute, except 'class', 'text' and event handlers ('on' + name, given functions).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // safeURL returns the URL if it is http(s), else null: a report's URL must never become a
  // javascript: link.
  function safeURL(u) {
    try {
      const p = new URL(u, location.href);
      return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
    } catch (_) {
      return null;
    }
  }

  function setStatus(msg, isError) {
    const s = $('status');
    s.textContent = msg || '';
    s.classList.toggle('error', !!isError);
  }

  function swatch(color) {
    const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
    s.style.background = color;
    return s;
  }

  const fmt = new Intl.NumberFormat('en');

  function actorName(a) {
    return a && a.name ? a.name : '';
  }

  function place(e) {
    return [e.location, e.admin1, e.country].filter((x, i, xs) => x && xs.indexOf(x) === i).join(', ');
  }

  // ---------- API ----------

  async function api(path, opts) {
    const res = await fetch(path, opts);
    const type = res.headers.get('Content-Type') || '';
    let body = null;
    if (type.includes('json')) {
      body = await res.json().catch(() => null);
    } else {
      await res.text();
    }
    if (!res.ok) {
      const msg = body && typeof body.error === 'string' ? body.error : `${res.status} ${res.statusText}`;
      const err = new Error(msg);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function query(filters, extra) {
    const q = new URLSearchParams();
    for (const k of FILTERS) if (filters[k]) q.set(k, filters[k]);
    for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== '') q.set(k, v);
    return q.toString();
  }

  // ---------- filters and URL ----------

  function filtersFromURL() {
    const q = new URLSearchParams(location.search);
    const f = {};
    for (const k of FILTERS) {
      const v = (q.get(k) || '').trim();
      if (v) f[k] = v;
    }
    return f;
  }

  function filtersFromForm() {
    const f = {};
    const from = $('f-from').value, to = $('f-to').value;
    if (from) f.event_date_from = from;
    if (to) f.event_date_to = to;
    if ($('f-type').value) f.event_type = $('f-type').value;
    if ($('f-country').value) f.country = $('f-country').value;
    if (f.country && $('f-admin1').value) f.admin1 = $('f-admin1').value;
    const actor = $('f-actor').value.trim();
    if (actor) f.actor = actor;
    const q = $('f-q').value.trim();
    if (q) f.q = q;
    return f;
  }

  function ensureOption(select, value) {
    if (value && ![...select.options].some((o) => o.value === value)) {
      select.appendChild(el('option', { value }, value));
    }
  }

  function formFromFilters(f) {
    $('f-from').value = f.event_date_from || '';
    $('f-to').value = f.event_date_to || '';
    ensureOption($('f-type'), f.event_type);
    $('f-type').value = f.event_type || '';
    ensureOption($('f-country'), f.country);
    $('f-country').value = f.country || '';
    ensureOption($('f-admin1'), f.admin1);
    $('f-admin1').value = f.admin1 || '';
    $('f-admin1').disabled = !f.country;
    $('f-actor').value = f.actor || '';
    $('f-q').value = f.q || '';
  }

  function overviewURL(f) {
    const q = query(f);
    return location.pathname + (q ? '?' + q : '');
  }

  function applyForm(push) {
    const f = filtersFromForm();
    const url = overviewURL(f);
    if (url !== location.pathname + location.search || location.hash) {
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
    state.filters = f;
    route();
  }

  function buildTypeFilter() {
    const sel = $('f-type');
    for (const [name] of TYPES) sel.appendChild(el('option', { value: name }, name));
    const legend = clear($('legend'));
    for (const [name, color] of TYPES) legend.appendChild(el('li', null, swatch(color), name));
    legend.appendChild(el('li', { class: 'supplied' }, 'circle area ∝ deaths'));
  }

  async function loadCountries() {
    try {
      const s = await api('/api/stats?interval=month&by=country');
      const sel = $('f-country');
      const cur = sel.value;
      const keys = s.series.map((x) => x.key).filter(Boolean).sort((a, b) => a.localeCompare(b));
      clear(sel).appendChild(el('option', { value: '' }, 'Any'));
      for (const k of keys) sel.appendChild(el('option', { value: k }, k));
      ensureOption(sel, cur);
      sel.value = cur;
    } catch (e) {
      setStatus('Could not list countries: ' + e.message, true);
    }
  }

  async function loadAdmin1(country) {
    const sel = $('f-admin1');
    const cur = state.filters.admin1 || '';
    clear(sel).appendChild(el('option', { value: '' }, 'Any'));
    sel.disabled = !country;
    if (!country) return;
    try {
      const s = await api('/api/stats?' + query({ country }, { interval: 'month', by: 'admin1' }));
      const keys = s.series.map((x) => x.key).filter(Boolean).sort((a, b) => a.localeCompare(b));
      for (const k of keys) sel.appendChild(el('option', { value: k }, k));
    } catch (e) {
      setStatus('Could not list admin1 units: ' + e.message, true);
    }
    ensureOption(sel, cur);
    sel.value = cur;
  }

  // ---------- overview: map, timeline, list ----------

  function initMap() {
    state.renderer = L.canvas({ padding: 0.3 });
    state.map = L.map('map', {
      preferCanvas: true,
      renderer: state.renderer,
      worldCopyJump: true,
      zoomSnap: 0.5,
      minZoom: 1,
      maxZoom: 13,
      attributionControl: true,
    }).setView([25, 20], 2);
    state.map.attributionControl.setPrefix(false);
    state.map.attributionControl.addAttribution('Natural Earth · GeoNames');
    // The basemap is country outlines only (no tiles), so that the dashboard works offline.
    fetch('/static/vendor/world-atlas-2.0.2/countries-50m.json')
      .then((r) => r.json())
      .then((world) => {
        const land = unwrapAntimeridian(topojson.feature(world, world.objects.countries));
        const layer = L.geoJSON(land, {
          renderer: L.canvas({ padding: 0.3 }),
          interactive: false,
          style: { color: '#a9a394', weight: 0.6, fillColor: '#f3f0e8', fillOpacity: 1 },
        }).addTo(state.map);
        layer.bringToBack();
        $('map').dataset.basemap = 'ready';
      })
      .catch((e) => setStatus('Basemap failed to load: ' + e.message, true));
    // One group and one popup for all markers: a popup object per marker would cost memory
    // and time with tens of thousands of them.
    state.markers = L.featureGroup().addTo(state.map);
    state.markers.on('click', (ev) => {
      const e = ev.layer && ev.layer.options.ev;
      if (e) L.popup({ maxWidth: 320 }).setLatLng(ev.layer.getLatLng()).setContent(popupFor(e)).openOn(state.map);
    });
  }

  // radius makes a circle's area grow with deaths; scale shrinks every circle when there are
  // many, so that ten thousand events stay a map rather than a carpet.
  // unwrapAntimeridian fixes rings that cross longitude ±180 (Russia's Chukotka, Fiji): the
  // outlines are spherical, so such a ring jumps from 180 to -180, which a flat map would draw
  // as a band across the whole world. Moving the ring's western points east by 360° keeps it
  // in one piece. Antarctica encircles the pole and is left as it is.
  function unwrapAntimeridian(fc) {
    const fixRing = (ring) => {
      let jumps = false;
      for (let i = 1; i < ring.length && !jumps; i++) jumps = Math.abs(ring[i][0] - ring[i - 1][0]) > 180;
      if (jumps) for (const p of ring) if (p[0] < 0) p[0] += 360;
    };
    for (const f of fc.features) {
      const g = f.geometry;
      if (!g || f.id === '010') continue;
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
      for (const poly of polys) for (const ring of poly) fixRing(ring);
    }
    return fc;
  }

  function radius(f, scale) {
    return (3.5 + 2.2 * Math.sqrt(Math.max(0, Math.min(f || 0, 2000)))) * scale;
  }

  function popupFor(e) {
    return el('div', null,
      el('div', { class: 'popup-title' }, e.sub_event_type || e.event_type || 'Event'),
      el('div', null, e.event_date || ''),
      el('div', null, place(e)),
      el('div', null, [actorName(e.actor1), actorName(e.actor2)].filter(Boolean).join(' — ')),
      el('div', null, 'Deaths: ' + (e.fatalities || 0)),
      el('a', { href: eventHref(e.event_id) }, 'Open event'));
  }

  function renderMap(events, fit) {
    state.markers.clearLayers();
    state.map.closePopup();
    // Big circles first, so that small ones stay clickable on top of them.
    const drawn = events.filter((e) => typeof e.latitude === 'number' && typeof e.longitude === 'number')
      .sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
    // Move the view first: fitting after adding would project every marker twice.
    if (fit && drawn.length) {
      const b = L.latLngBounds(drawn.map((e) => [e.latitude, e.longitude]));
      state.map.fitBounds(b, { maxZoom: 7, padding: [30, 30], animate: false });
    }
    const scale = Math.max(0.35, Math.min(1, Math.sqrt(500 / Math.max(1, drawn.length))));
    const weight = drawn.length > 2000 ? 0.25 : 0.5;
    for (const e of drawn) {
      state.markers.addLayer(L.circleMarker([e.latitude, e.longitude], {
        renderer: state.renderer, radius: radius(e.fatalities, scale), color: '#222', weight,
        fillColor: COLOR.get(e.event_type) || '#333', fillOpacity: 0.7, ev: e,
      }));
    }
    $('map').dataset.markers = String(drawn.length);
  }

  function utcSeconds(d) {
    const [y, m, dd] = d.split('-').map(Number);
    return Date.UTC(y, m - 1, dd) / 1000;
  }

  function renderTimeline(stats) {
    const box = $('timeline');
    let sum = 0;
    for (const s of stats.series) for (const p of s.points) sum += p.events;
    box.dataset.total = String(sum);
    if (state.plot) { state.plot.destroy(); state.plot = null; }
    clear(box);
    const weeks = new Set();
    for (const s of stats.series) for (const p of s.points) weeks.add(utcSeconds(p.date));
    if (!weeks.size) {
      box.appendChild(el('p', { class: 'supplied' }, 'No events.'));
      return;
    }
    // A continuous weekly axis from the first to the last week, empty weeks as 0.
    const wk = 7 * 86400;
    const sorted = [...weeks].sort((a, b) => a - b);
    const xs = [];
    for (let t = sorted[0] - wk; t <= sorted[sorted.length - 1] + wk; t += wk) xs.push(t);
    const index = new Map(xs.map((t, i) => [t, i]));
    const series = [{}];
    const data = [xs];
    const total = new Array(xs.length).fill(0);
    // In the taxonomy's order, so that colours and legend read the same in every view.
    const rank = (k) => { const i = TYPES.findIndex(([n]) => n === k); return i < 0 ? TYPES.length : i; };
    const ordered = [...stats.series].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
    for (const s of ordered) {
      const ys = new Array(xs.length).fill(0);
      for (const p of s.points) {
        const i = index.get(utcSeconds(p.date));
        if (i !== undefined) { ys[i] += p.events; total[i] += p.events; }
      }
      series.push({ label: s.key || '(none)', stroke: COLOR.get(s.key) || '#333', width: 1.5, points: { show: xs.length < 60 } });
      data.push(ys);
    }
    series.push({ label: 'All', stroke: '#111', width: 2.5, dash: [4, 3], points: { show: false } });
    data.push(total);
    const width = Math.max(300, box.clientWidth || 400);
    state.plot = new uPlot({
      width, height: 170,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      axes: [{ size: 30 }, { size: 40, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] }],
      legend: { show: true, live: true },
      cursor: { points: { show: false }, drag: { x: true, y: false, setScale: false } },
      // Dragging across the timeline sets the date filter to the weeks selected.
      hooks: { setSelect: [(u) => {
        if (u.select.width < 3) return;
        const day = (t) => new Date(t * 1000).toISOString().slice(0, 10);
        const from = u.posToVal(u.select.left, 'x'), to = u.posToVal(u.select.left + u.select.width, 'x');
        u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
        // Whole weeks: from the Monday of the first week touched to the Sunday of the last.
        const week = (t) => xs.reduce((w, x) => (x <= t ? x : w), xs[0]);
        $('f-from').value = day(week(from));
        $('f-to').value = day(week(to) + 6 * 86400);
        applyForm(true);
      }] },
      series,
    }, data, box);
    box.title = 'Drag across the timeline to filter by those dates';
  }

  function renderList(reset) {
    const body = $('rows');
    if (reset) { clear(body); state.shown = 0; }
    const end = Math.min(state.events.length, state.shown + LIST_STEP);
    const frag = document.createDocumentFragment();
    for (let i = state.shown; i < end; i++) {
      const e = state.events[i];
      frag.appendChild(el('tr', { 'data-id': e.event_id, 'data-type': e.event_type },
        el('td', null, el('a', { href: eventHref(e.event_id) }, e.event_date || '—')),
        el('td', null, swatch(COLOR.get(e.event_type) || '#333'), ' ', e.sub_event_type || e.event_type || ''),
        el('td', null, place(e)),
        el('td', null, [actorName(e.actor1), actorName(e.actor2)].filter(Boolean).join(' — ')),
        el('td', { class: 'num' }, String(e.fatalities || 0))));
    }
    body.appendChild(frag);
    if (reset) {
      // Actor names seen in these events, as suggestions for the actor filter (it takes whole names).
      const names = new Set();
      for (const e of state.events) { if (e.actor1) names.add(e.actor1.name); if (e.actor2) names.add(e.actor2.name); }
      const dl = clear($('actors'));
      for (const n of [...names].sort().slice(0, 2000)) dl.appendChild(el('option', { value: n }));
    }
    state.shown = end;
    $('more').hidden = state.shown >= state.events.length;
    $('list').dataset.count = String(state.events.length);
    $('count').textContent = '(' + fmt.format(state.events.length) + ')';
  }

  // loadOverview fetches the events and stats for the current filters and redraws map, list
  // and timeline. A refresh (the minute timer) keeps the reader's view of the map and list and
  // redraws nothing when no event changed.
  async function loadOverview(refresh) {
    if (refresh && (state.abort || document.body.dataset.state !== 'ready')) return;
    if (state.abort) state.abort.abort();
    const ctl = new AbortController();
    state.abort = ctl;
    const seq = ++state.seq;
    if (!refresh) {
      document.body.dataset.state = 'loading';
      setStatus('Loading events…');
    }
    const f = state.filters;
    try {
      const statsP = api('/api/stats?' + query(f, { interval: 'week', by: 'event_type' }), { signal: ctl.signal });
      statsP.catch(() => {}); // awaited below; this keeps an abort during paging from being "unhandled"
      const events = [];
      let cursor = '';
      let truncated = false;
      for (;;) {
        const page = await api('/api/events?' + query(f, { limit: PAGE, fields: LIST_FIELDS, cursor }), { signal: ctl.signal });
        events.push(...page.events);
        cursor = page.next_cursor || '';
        if (!cursor) break;
        if (events.length >= MAX_EVENTS) { truncated = true; break; }
        if (!refresh) setStatus('Loading events… ' + fmt.format(events.length));
      }
      const stats = await statsP;
      if (seq !== state.seq) return;
      state.abort = null;
      const sig = JSON.stringify([events.length, events.slice(0, 50)]);
      if (refresh && sig === state.sig) return;
      state.sig = sig;
      state.events = events;
      const t0 = performance.now();
      renderMap(events, !refresh);
      renderList(true);
      renderTimeline(stats);
      // Kept on the page for the browser test and anyone checking speed with many events.
      document.body.dataset.renderMs = String(Math.round(performance.now() - t0));
      const noCoords = events.length - Number($('map').dataset.markers);
      const total = Number($('timeline').dataset.total);
      document.body.dataset.truncated = truncated ? 'true' : 'false';
      setStatus(fmt.format(truncated ? total : events.length) + ' events' +
        (truncated ? ` — the latest ${fmt.format(events.length)} on the map and in the list; narrow the filters to see the rest` : '') +
        (noCoords ? ` (${fmt.format(noCoords)} without coordinates, not on the map)` : ''));
      state.loads++;
      document.body.dataset.loads = String(state.loads);
      document.body.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (seq === state.seq) state.abort = null;
      if (refresh) return; // try again at the next tick; the page still shows the last good data
      setStatus('Could not load events: ' + e.message, true);
      document.body.dataset.state = 'error';
    }
  }

  // ---------- event page ----------

  function eventHref(id) {
    return location.search + '#/events/' + encodeURIComponent(id);
  }

  function valueText(field, v) {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'actor1' || field === 'actor2') {
      return v.name + (v.inter ? ` (inter ${v.inter})` : '') + (v.country ? ` · ${v.country}` : '') + (v.alleged ? ' · alleged' : '');
    }
    if (Array.isArray(v)) return v.join('; ') || '—';
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  }

  // jsonValue reads an audit value. The contract gives JSON values; a server that passes the
  // stored JSON text through as a string ("false", "{\"name\":...}") reads the same way.
  function jsonValue(v) {
    if (typeof v !== 'string') return v;
    try { return JSON.parse(v); } catch (_) { return v; }
  }

  // codePointIndex converts a code point offset (how the API gives evidence spans) to a
  // UTF-16 index (how JavaScript strings are indexed), so that text outside the Basic
  // Multilingual Plane before the span does not shift the highlight.
  function codePointIndex(text, cp) {
    let i = 0;
    for (let n = 0; n < cp; n++) {
      if (i >= text.length) return -1;
      const c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    }
    return i;
  }

  // articleText renders an article's text with its evidence sentence in a <mark>.
  function articleText(text, ev) {
    const box = el('div', { class: 'article-text', tabindex: '0' });
    let a = -1, b = -1, note = null, how = 'offsets';
    if (ev && ev.end > ev.start) {
      a = codePointIndex(text, ev.start);
      b = codePointIndex(text, ev.end);
      if (a < 0 || b < 0 || (ev.text && text.slice(a, b) !== ev.text)) {
        // The span does not match the stored text; fall back to finding the sentence.
        const at = ev.text ? text.indexOf(ev.text) : -1;
        how = 'search';
        if (at >= 0) { a = at; b = at + ev.text.length; } else { a = b = -1; }
        note = a < 0 ? 'The evidence span does not match this article text.' : null;
      }
    }
    if (a >= 0 && b > a) {
      box.appendChild(document.createTextNode(text.slice(0, a)));
      // data-from says whether the offsets placed it or the sentence had to be searched for.
      box.appendChild(el('mark', { class: 'evidence', title: 'evidence for this event', 'data-from': how }, text.slice(a, b)));
      box.appendChild(document.createTextNode(text.slice(b)));
    } else {
      box.appendChild(document.createTextNode(text));
    }
    return [box, note ? el('p', { class: 'note' }, note) : null];
  }

  function mentionAnchor(id) {
    return 'mention-' + id.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  async function showEvent(id) {
    const view = ++state.view;
    const box = $('detail');
    $('overview').hidden = true;
    box.hidden = false;
    document.body.dataset.state = 'loading';
    clear(box).appendChild(el('p', null, 'Loading event…'));
    try {
      const d = await api('/api/events/' + encodeURIComponent(id));
      if (view !== state.view) return;
      renderEvent(d);
      document.body.dataset.state = 'ready';
      box.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    } catch (e) {
      clear(box).append(el('p', null, el('a', { id: 'back', href: location.search || '?', onclick: backToList }, '← All events')),
        el('p', { class: 'msg error' }, 'Could not load event ' + id + ': ' + e.message));
      if (e.status === 404) {
        // Merged-away events name their survivor; offer it.
        try {
          const r = await fetch('/api/events/' + encodeURIComponent(id));
          const b = await r.json();
          if (b && b.merged_into) box.appendChild(el('p', null, 'It was merged into ', el('a', { href: eventHref(b.merged_into) }, b.merged_into), '.'));
        } catch (_) { /* the message above is enough */ }
      }
      document.body.dataset.state = 'error';
    }
  }

  function eventLink(id) {
    return el('a', { href: eventHref(id) }, el('code', null, id));
  }

  function backToList(ev) {
    ev.preventDefault();
    history.pushState(null, '', overviewURL(state.filters));
    route();
  }

  function renderEvent(d) {
    const e = d.event;
    const box = clear($('detail'));
    box.dataset.eventId = e.event_id;
    const byMention = new Map(d.mentions.map((m, i) => [m.id, Object.assign({ n: i + 1 }, m)]));
    box.appendChild(el('p', null, el('a', { id: 'back', href: overviewURL(state.filters), onclick: backToList }, '← All events')));
    box.appendChild(el('h2', { id: 'event-title' },
      swatch(COLOR.get(e.event_type) || '#333'), ' ',
      (e.sub_event_type || e.event_type || 'Event') + (place(e) ? ' — ' + place(e) : '') + ', ' + (e.event_date || 'date unknown'),
      d.not_event ? el('span', { class: 'badge not-event' }, ' not an event ') : null,
      d.audit && d.audit.length ? el('span', { class: 'badge' }, ' reviewed ') : null));
    box.appendChild(el('p', { class: 'meta' }, 'Event ', el('code', null, e.event_id), ' · ',
      String(d.mentions.length), ' report(s) from ', (e.sources || []).join(', ') || 'unknown outlets'));

    // Fields, with which report supplied each.
    const rows = [];
    for (const f of DETAIL_FIELDS) {
      if (!(f in e)) continue;
      const who = d.supplied ? d.supplied[f] : undefined;
      let by = null;
      if (who === 'review') by = el('span', { class: 'supplied' }, 'set by a reviewer');
      else if (who) {
        const m = byMention.get(who);
        by = el('span', { class: 'supplied' }, 'from ', el('a', { href: '#' + mentionAnchor(who), onclick: (ev) => { ev.preventDefault(); const t = document.getElementById(mentionAnchor(who)); if (t) t.scrollIntoView(); } },
          m ? `report ${m.n} (${m.article.outlet || m.article.id})` : who));
      }
      rows.push(el('tr', { 'data-field': f }, el('th', { scope: 'row' }, f), el('td', { class: 'value' }, valueText(f, e[f])), el('td', null, by)));
    }
    box.appendChild(el('h3', null, 'Fields'));
    box.appendChild(el('table', { class: 'fields' }, el('tbody', null, rows)));

    box.appendChild(reviewPanel(d));

    box.appendChild(el('h3', null, 'Reports (' + d.mentions.length + ')'));
    for (const m of d.mentions) {
      const art = m.article || {};
      const url = safeURL(art.url);
      const suppliedHere = Object.entries(d.supplied || {}).filter(([, v]) => v === m.id).map(([k]) => k);
      const [text, note] = articleText(art.text || '', m.event && m.event.evidence);
      box.appendChild(el('section', { class: 'mention', id: mentionAnchor(m.id), 'data-mention': m.id },
        el('h4', null, `${byMention.get(m.id).n}. `, art.title || art.id || m.id),
        el('p', { class: 'meta' },
          art.outlet || 'unknown outlet', ' · published ', art.published || 'unknown',
          url ? [' · ', el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'original')] : null,
          ' · mention ', el('code', null, m.id)),
        el('p', { class: 'meta' }, 'Coded as: ', (m.event.sub_event_type || ''), ', ', m.event.event_date || '', ', ',
          place(m.event), ', deaths ', String(m.event.fatalities || 0),
          suppliedHere.length ? ' · supplied: ' + suppliedHere.join(', ') : ''),
        text, note));
    }

    box.appendChild(el('h3', null, 'History'));
    const audit = el('ol', { class: 'audit', id: 'audit' });
    if (!d.audit || !d.audit.length) audit.appendChild(el('li', null, 'No review yet.'));
    for (const a of d.audit || []) {
      const was = jsonValue(a.old), now = jsonValue(a.new);
      let what;
      if (a.field === 'not_event') what = now === true ? 'marked as not an event' : 'restored as an event';
      else if (a.field === 'merge') what = ['merged in event ', eventLink(String(now))];
      else if (a.field === 'split' && now && typeof now === 'object' && now.from && now.to) {
        const n = (now.mentions || []).length + ' report' + ((now.mentions || []).length === 1 ? '' : 's');
        what = now.from === e.event_id ? ['split ' + n + ' off into event ', eventLink(now.to)]
          : ['split off from event ', eventLink(now.from), ' with ' + n];
      } else if (a.field === 'split') what = 'split: ' + valueText('', now);
      else what = `${a.field}: ${valueText(a.field, was)} → ${valueText(a.field, now)}`;
      audit.appendChild(el('li', { 'data-seq': a.seq },
        el('time', { datetime: a.at }, (a.at || '').replace('T', ' ').replace(/\.\d+/, '')), ' · ',
        el('strong', null, a.who || '?'), ' · ', what, ' · “', a.why || '', '”'));
    }
    box.appendChild(audit);
  }

  // ---------- review ----------

  function field(label, input) {
    if (!input.id) input.id = 'r-' + Math.random().toString(36).slice(2);
    return el('div', { class: 'field' }, el('label', { for: input.id }, label), input);
  }

  function currentValue(e, name) {
    if (name === 'coordinates') return e.latitude === null || e.latitude === undefined ? '' : `${e.latitude}, ${e.longitude}`;
    const v = e[name];
    if (name === 'actor1' || name === 'actor2') return v ? v.name : '';
    return v === null || v === undefined ? '' : String(v);
  }

  // parseEdit turns the form's text into the PATCH "set" object, or throws with a message.
  function parseEdit(e, name, raw) {
    const kind = (EDITABLE.find(([n]) => n === name) || [])[1];
    const s = raw.trim();
    switch (kind) {
      case 'int': {
        if (!/^-?\d+$/.test(s)) throw new Error(name + ' must be a whole number');
        const n = Number(s);
        const set = { [name]: n };
        // The API keeps fatalities_low <= fatalities <= fatalities_high; a reviewer who corrects
        // the toll means the range to follow it.
        if (name === 'fatalities') {
          if (typeof e.fatalities_high === 'number' && n > e.fatalities_high) set.fatalities_high = n;
          if (typeof e.fatalities_low === 'number' && n < e.fatalities_low) set.fatalities_low = n;
          const lo = set.fatalities_low ?? e.fatalities_low, hi = set.fatalities_high ?? e.fatalities_high;
          const best = e.fatalities_best;
          if (typeof best === 'number' && (best < lo || best > hi)) set.fatalities_best = Math.min(Math.max(best, lo), hi);
        }
        return set;
      }
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new Error('event_date must be YYYY-MM-DD');
        return { [name]: s };
      case 'actor':
        if (!s) {
          if (name === 'actor1') throw new Error('actor1 cannot be empty');
          return { actor2: null };
        }
        return { [name]: Object.assign({}, e[name] || { inter: 0 }, { name: s }) };
      case 'coords': {
        const m = s.match(/^(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)$/);
        if (!m) throw new Error('coordinates must be "latitude, longitude"');
        return { latitude: Number(m[1]), longitude: Number(m[2]) };
      }
      default:
        return { [name]: s };
    }
  }

  function authHeaders() {
    const token = sessionStorage.getItem('sitrep.token') || '';
    const h = { 'Content-Type': 'application/json' };
    if (token) h.Authorization = 'Bearer ' + token;
    return h;
  }

  function reviewPanel(d) {
    const e = d.event;
    const msg = el('p', { class: 'msg', role: 'status', 'aria-live': 'polite', id: 'review-msg' });
    const say = (text, ok) => { msg.textContent = text; msg.className = 'msg ' + (ok ? 'ok' : 'error'); };
    const who = () => sessionStorage.getItem('sitrep.who') || undefined;

    async function send(path, method, body) {
      if (!sessionStorage.getItem('sitrep.token')) { say('Enter the reviewer token first.', false); return null; }
      try {
        const r = await api(path, { method, headers: authHeaders(), body: JSON.stringify(Object.assign(body, { who: who() })) });
        return r;
      } catch (err) {
        say((err.status === 401 ? 'Token refused: ' : 'Not saved: ') + err.message, false);
        return null;
      }
    }
    const after = (detail, text) => {
      state.events = []; // the overview reloads when shown again
      state.stale = true;
      renderEvent(detail);
      const m = document.getElementById('review-msg');
      if (m) { m.textContent = text; m.className = 'msg ok'; }
    };

    // Token and name, kept for this browser tab only.
    const { token, name, save: saveToken } = authFields('r');

    // Edit a field.
    const sel = el('select', { id: 'r-field' }, EDITABLE.map(([n]) => el('option', { value: n }, n)));
    const val = el('input', { type: 'text', id: 'r-value', value: currentValue(e, 'event_date') });
    sel.value = 'event_date';
    sel.addEventListener('change', () => { val.value = currentValue(e, sel.value); });
    const reason1 = el('input', { type: 'text', id: 'r-reason', class: 'reason', required: true });
    const edit = el('form', { id: 'r-edit', 'aria-label': 'Edit a field' },
      field('Field', sel), field('New value', val), field('Reason', reason1),
      el('button', { type: 'submit', class: 'primary' }, 'Save edit'));
    edit.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      saveToken();
      let set;
      try { set = parseEdit(e, sel.value, val.value); } catch (err) { say(err.message, false); return; }
      if (!reason1.value.trim()) { say('Give a reason.', false); return; }
      const r = await send('/api/events/' + encodeURIComponent(e.event_id), 'PATCH', { set, reason: reason1.value.trim() });
      if (r) after(r, 'Saved: ' + Object.keys(set).join(', ') + '.');
    });

    // Merge another event into this one.
    const other = el('input', { type: 'text', id: 'r-other', placeholder: 'other event id' });
    const reason2 = el('input', { type: 'text', id: 'r-merge-reason', class: 'reason' });
    const merge = el('form', { id: 'r-merge', 'aria-label': 'Merge another event into this one' },
      field('Event to merge into this one', other), field('Reason', reason2),
      el('button', { type: 'submit' }, 'Merge'));
    merge.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      saveToken();
      if (!other.value.trim() || !reason2.value.trim()) { say('Give the other event id and a reason.', false); return; }
      const r = await send('/api/events/' + encodeURIComponent(e.event_id) + '/merge', 'POST', { other: other.value.trim(), reason: reason2.value.trim() });
      if (r) after(r, 'Merged ' + other.value.trim() + ' into this event.');
    });

    // Split: move some reports out into a new event. Not offered for a single report (a
    // split must leave at least one behind).
    let split = null;
    if (d.mentions.length > 1) {
      const boxes = d.mentions.map((m, i) => el('input', { type: 'checkbox', value: m.id, id: 'r-split-' + i }));
      const reason4 = el('input', { type: 'text', id: 'r-split-reason', class: 'reason' });
      split = el('form', { id: 'r-split', 'aria-label': 'Split reports out into a new event' },
        el('fieldset', { class: 'split-mentions' }, el('legend', null, 'Reports to move to a new event'),
          d.mentions.map((m, i) => el('label', { for: boxes[i].id }, boxes[i], ` ${i + 1}. `,
            (m.article && (m.article.outlet || m.article.title)) || m.id, ' · ', el('code', null, m.id)))),
        field('Reason', reason4),
        el('button', { type: 'submit' }, 'Split off'));
      split.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        saveToken();
        const ids = boxes.filter((b) => b.checked).map((b) => b.value);
        if (!ids.length || ids.length === boxes.length) { say('Choose some of the reports, not all of them.', false); return; }
        if (!reason4.value.trim()) { say('Give a reason.', false); return; }
        const r = await send('/api/events/' + encodeURIComponent(e.event_id) + '/split', 'POST', { mentions: ids, reason: reason4.value.trim() });
        if (!r) return;
        after(r.from, '');
        const m = document.getElementById('review-msg');
        if (m) {
          clear(m).append(`Split ${ids.length} report(s) into `, el('a', { id: 'split-new', href: eventHref(r.to.event.event_id) }, r.to.event.event_id), '.');
          m.className = 'msg ok';
        }
      });
    }

    // Not an event / restore.
    const isNot = !!d.not_event;
    const reason3 = el('input', { type: 'text', id: 'r-not-reason', class: 'reason' });
    const notEv = el('form', { id: 'r-not', 'aria-label': isNot ? 'Restore as an event' : 'Mark as not an event' },
      field('Reason', reason3),
      el('button', { type: 'submit' }, isNot ? 'Restore as an event' : 'Mark as not an event'));
    notEv.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      saveToken();
      if (!reason3.value.trim()) { say('Give a reason.', false); return; }
      const r = await send('/api/events/' + encodeURIComponent(e.event_id), 'PATCH', { not_event: !isNot, reason: reason3.value.trim() });
      if (r) after(r, isNot ? 'Restored.' : 'Marked as not an event.');
    });

    return el('section', { class: 'review', 'aria-labelledby': 'review-h' },
      el('h3', { id: 'review-h' }, 'Review'),
      el('div', { class: 'review-auth' }, el('form', { onsubmit: (ev) => { ev.preventDefault(); saveToken(); say('Token kept for this tab.', true); } },
        field('Reviewer token', token), field('Your name', name), el('button', { type: 'submit' }, 'Keep'))),
      msg, edit, merge, split, notEv);
  }

  // ---------- feeds and alerts ----------

  function when(t) {
    return t ? String(t).replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, ' UTC') : '—';
  }

  // authFields returns the reviewer token and name inputs, kept in sessionStorage (this tab only).
  function authFields(prefix) {
    const token = el('input', { type: 'password', id: prefix + '-token', autocomplete: 'off', value: sessionStorage.getItem('sitrep.token') || '' });
    const name = el('input', { type: 'text', id: prefix + '-who', autocomplete: 'name', value: sessionStorage.getItem('sitrep.who') || '' });
    const save = () => {
      sessionStorage.setItem('sitrep.token', token.value.trim());
      sessionStorage.setItem('sitrep.who', name.value.trim());
    };
    token.addEventListener('change', save);
    name.addEventListener('change', save);
    return { token, name, save };
  }

  // section loads one list for the monitor view; a server without that endpoint yet gets a
  // note instead of an error.
  async function section(title, path, render) {
    const box = el('section', { 'aria-label': title }, el('h3', null, title));
    try {
      box.appendChild(render(await api(path)));
    } catch (e) {
      box.appendChild(el('p', { class: e.status === 404 ? 'supplied' : 'msg error' },
        e.status === 404 ? 'This server does not offer ' + path + ' yet.' : 'Could not load ' + path + ': ' + e.message));
    }
    return box;
  }

  function table(head, rows) {
    return el('table', { class: 'table' },
      el('thead', null, el('tr', null, head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', null, rows));
  }

  // Alert rules are package alert's JSON (see AlertRuleInput in /api/openapi.json): an area,
  // optional filters, a window, and a threshold or a spike condition.

  function areaText(a) {
    a = a || {};
    const parts = [];
    const named = [a.admin1, a.country].filter(Boolean).join(', ');
    if (named) parts.push(named);
    if (typeof a.lat === 'number') parts.push(`within ${a.radius_km} km of ${a.lat}, ${a.lon}`);
    return parts.join(', ') || 'everywhere';
  }

  function periodText(r) {
    if (r.window === 'month') return 'calendar month';
    if (r.window_days === 7) return 'week (Monday to Sunday)';
    return `${r.window_days}-day period`;
  }

  function conditionText(r) {
    const p = periodText(r);
    if (r.threshold) {
      const t = r.threshold;
      return [t.events ? `${t.events}+ events` : '', t.fatalities ? `${t.fatalities}+ deaths` : ''].filter(Boolean).join(' or ') + ` in a ${p}`;
    }
    const s = r.spike || {};
    const what = s.metric === 'fatalities' ? 'deaths' : 'events';
    return `spike: ${what} in a ${p} above the mean of the previous ${s.baseline_periods} by ${s.z} sd ` +
      `(and at least ${s.min_count}, and ${s.min_ratio}× the mean)`;
  }

  function watchesText(r) {
    return [(r.event_types || []).join(', ') || 'all event types', (r.sub_event_types || []).join(', '),
      (r.actors || []).length ? 'actors: ' + r.actors.join('; ') : ''].filter(Boolean).join(' · ');
  }

  // splitList reads a list typed in one box; ";" separates, because actor names contain commas.
  function splitList(s) {
    return s.split(';').map((x) => x.trim()).filter(Boolean);
  }

  // ruleForm builds the "add a rule" form; submit(rule) sends the rule JSON.
  function ruleForm(submit) {
    const num = (id, attrs) => el('input', Object.assign({ type: 'number', id }, attrs));
    const txt = (id, attrs) => el('input', Object.assign({ type: 'text', id }, attrs));
    const name = txt('m-rule-name', { placeholder: 'e.g. Fighting in Idlib' });
    const areaKind = el('select', { id: 'm-rule-area' },
      el('option', { value: 'place' }, 'a country or admin1'),
      el('option', { value: 'circle' }, 'a radius around a point'),
      el('option', { value: 'everywhere' }, 'everywhere'));
    const country = txt('m-rule-country', { list: 'm-countries', placeholder: 'name or ISO3' });
    const admin1 = txt('m-rule-admin1', { placeholder: 'optional' });
    const countries = el('datalist', { id: 'm-countries' },
      [...$('f-country').options].map((o) => o.value).filter(Boolean).map((v) => el('option', { value: v })));
    const lat = num('m-rule-lat', { step: 'any', min: '-90', max: '90' });
    const lon = num('m-rule-lon', { step: 'any', min: '-180', max: '180' });
    const radius = num('m-rule-radius', { step: 'any', min: '0', value: '50' });
    const types = el('select', { id: 'm-rule-types', multiple: true, size: String(TYPES.length) },
      TYPES.map(([n]) => el('option', { value: n }, n)));
    const actors = txt('m-rule-actors', { placeholder: 'optional; separate with ;' });
    const windowDays = num('m-rule-window', { min: '1', max: '366', value: '7' });
    const kind = el('select', { id: 'm-rule-kind' },
      el('option', { value: 'threshold' }, 'a threshold'),
      el('option', { value: 'spike' }, 'a spike against the baseline'));
    const tEvents = num('m-rule-events', { min: '0', value: '10' });
    const tDeaths = num('m-rule-deaths', { min: '0', placeholder: 'optional' });
    const sMetric = el('select', { id: 'm-rule-metric' }, el('option', { value: 'events' }, 'events'), el('option', { value: 'fatalities' }, 'deaths'));
    const sPeriods = num('m-rule-baseline', { min: '2', max: '104', value: '8' });
    const sZ = num('m-rule-z', { min: '0', step: 'any', value: '3' });
    const sMin = num('m-rule-mincount', { min: '1', value: '5' });
    const sRatio = num('m-rule-ratio', { min: '1', step: 'any', value: '1.5' });
    const webhook = el('input', { type: 'url', id: 'm-rule-webhook', placeholder: 'https://… (optional)' });
    const secret = el('input', { type: 'password', id: 'm-rule-secret', autocomplete: 'off', placeholder: 'optional' });

    const place = el('div', { class: 'group', id: 'm-rule-place' }, field('Country', country), field('Admin1', admin1), countries);
    const circle = el('div', { class: 'group', id: 'm-rule-circle' }, field('Latitude', lat), field('Longitude', lon), field('Radius (km)', radius));
    const thr = el('div', { class: 'group', id: 'm-rule-threshold' }, field('Events at least', tEvents), field('or deaths at least', tDeaths));
    const spk = el('div', { class: 'group', id: 'm-rule-spike' }, field('Count', sMetric), field('Baseline periods', sPeriods),
      field('z', sZ), field('At least', sMin), field('Times the mean', sRatio));
    const sync = () => {
      place.hidden = areaKind.value !== 'place';
      circle.hidden = areaKind.value !== 'circle';
      thr.hidden = kind.value !== 'threshold';
      spk.hidden = kind.value !== 'spike';
    };
    areaKind.addEventListener('change', sync);
    kind.addEventListener('change', sync);
    sync();

    // novalidate: the server checks the rule and says what is wrong, even in boxes hidden
    // for the other kind of area or condition (the browser would refuse silently there).
    const form = el('form', { id: 'm-add-rule', class: 'rule-form', 'aria-label': 'Add an alert rule', novalidate: true },
      field('Name', name), field('Area', areaKind), place, circle,
      field('Event types (none: all)', types), field('Actors', actors), field('Window (days)', windowDays),
      field('Fires on', kind), thr, spk, field('Webhook', webhook), field('Webhook secret', secret),
      el('button', { type: 'submit', class: 'primary' }, 'Add rule'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      // Empty boxes are left out; numbers the server checks (it answers 400 with a message).
      const n = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
      const rule = { name: name.value.trim() || undefined, area: {} };
      if (areaKind.value === 'place') {
        if (country.value.trim()) rule.area.country = country.value.trim();
        if (admin1.value.trim()) rule.area.admin1 = admin1.value.trim();
      } else if (areaKind.value === 'circle') {
        rule.area.lat = n(lat);
        rule.area.lon = n(lon);
        rule.area.radius_km = n(radius);
      }
      const ts = [...types.selectedOptions].map((o) => o.value);
      if (ts.length) rule.event_types = ts;
      const as = splitList(actors.value);
      if (as.length) rule.actors = as;
      rule.window_days = n(windowDays);
      if (kind.value === 'threshold') {
        rule.threshold = { events: n(tEvents), fatalities: n(tDeaths) };
      } else {
        rule.spike = { metric: sMetric.value, baseline_periods: n(sPeriods), z: n(sZ), min_count: n(sMin), min_ratio: n(sRatio) };
      }
      if (webhook.value.trim()) rule.webhook = webhook.value.trim();
      if (secret.value) rule.secret = secret.value;
      submit(rule);
    });
    return form;
  }

  function plural(n, word) {
    return `${fmt.format(n)} ${word}${n === 1 ? '' : 's'}`;
  }

  function deliveryText(d) {
    if (!d) return 'not sent (the rule has no webhook)';
    let s = d.state + ' after ' + plural(d.attempts, 'attempt');
    if (d.state === 'delivered' && d.delivered_at) s += ' at ' + when(d.delivered_at);
    if (d.state === 'pending' && d.next_attempt) s += ', next at ' + when(d.next_attempt);
    // Webhook URLs may carry a credential in their path, and an error message may quote the
    // whole URL: show scheme and host only, as the API does for the URL itself.
    if (d.last_error) s += ': ' + d.last_error.replace(/\b(https?:\/\/[^/\s"']+)\/[^\s"']*/g, '$1/…');
    return s;
  }

  function baselineText(a) {
    const b = a.baseline;
    if (!b) return '—';
    return `mean ${b.mean.toFixed(1)}, sd ${b.sd.toFixed(1)} ${b.metric} over ${b.counts.length} periods (${b.counts.join(', ')}); fires at ${b.needed}`;
  }

  async function showMonitor() {
    const view = ++state.view;
    const box = $('monitor');
    $('overview').hidden = true;
    $('detail').hidden = true;
    box.hidden = false;
    document.body.dataset.state = 'loading';
    const msg = el('p', { class: 'msg', role: 'status', 'aria-live': 'polite', id: 'monitor-msg' });
    const say = (text, ok) => { msg.textContent = text; msg.className = 'msg ' + (ok ? 'ok' : 'error'); };
    const auth = authFields('m');
    const write = async (path, method, body) => {
      auth.save();
      if (!sessionStorage.getItem('sitrep.token')) { say('Enter the token first.', false); return null; }
      try {
        return (await api(path, { method, headers: authHeaders(), body: body ? JSON.stringify(body) : undefined })) || {};
      } catch (e) {
        say((e.status === 401 ? 'Token refused: ' : 'Not done: ') + e.message, false);
        return null;
      }
    };
    // done reports a write and redraws the lists; the message is kept across the redraw.
    const done = (text) => {
      state.monitorMsg = text;
      if (view === state.view) showMonitor();
    };

    const feeds = await section('Feeds', '/api/feeds', (d) => d.feeds.length ? table(
      ['Feed', 'State', 'Last polled', 'Last error', 'Articles', el('span', { class: 'sr-only' }, 'Actions')],
      d.feeds.map((f) => el('tr', { 'data-feed': f.id, 'data-url': f.url, 'data-state': f.state },
        el('td', null, f.title ? [f.title, el('br'), el('span', { class: 'supplied' }, f.url)] : f.url),
        el('td', { class: 'state-' + f.state }, f.state + (f.consecutive_errors ? ` (${f.consecutive_errors} errors)` : '')),
        el('td', null, when(f.last_polled)),
        el('td', null, f.last_error || '', f.page_error ? el('span', { class: 'supplied' }, (f.last_error ? ' · ' : '') + 'page: ' + f.page_error) : null),
        el('td', { class: 'num' }, String(f.articles ?? '')),
        el('td', null, el('button', { type: 'button', class: 'remove', onclick: async () => {
          if (await write('/api/feeds/' + encodeURIComponent(f.id), 'DELETE')) done('Removed feed ' + f.url + '.');
        } }, 'Remove'))))) : el('p', { class: 'supplied' }, 'No feed yet.'));
    const url = el('input', { type: 'url', id: 'm-feed-url', placeholder: 'https://…/feed.xml', required: true });
    const every = el('input', { type: 'number', id: 'm-feed-interval', min: '60', step: '60', value: '300' });
    const add = el('form', { id: 'm-add-feed', 'aria-label': 'Add a feed' },
      field('Feed URL', url), field('Every (seconds)', every), el('button', { type: 'submit', class: 'primary' }, 'Add feed'));
    add.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = await write('/api/feeds', 'POST', { url: url.value.trim(), interval_seconds: Number(every.value) || 300 });
      if (f) done('Added feed ' + (f.url || url.value.trim()) + '.');
    });

    const rules = await section('Alert rules', '/api/alerts/rules', (d) => d.rules.length ? table(
      ['Rule', 'Area', 'Watches', 'Fires on', 'Webhook', el('span', { class: 'sr-only' }, 'Actions')],
      d.rules.map((r) => el('tr', { 'data-rule': r.id },
        el('td', null, r.name || r.id, el('br'), el('code', { class: 'supplied' }, r.id), r.disabled ? el('span', { class: 'badge' }, ' disabled ') : null),
        el('td', null, areaText(r.area)),
        el('td', null, watchesText(r)),
        el('td', null, conditionText(r)),
        el('td', null, r.webhook || '—'),
        el('td', null, el('button', { type: 'button', class: 'remove', onclick: async () => {
          if (await write('/api/alerts/rules/' + encodeURIComponent(r.id), 'DELETE')) done('Removed rule ' + (r.name || r.id) + '.');
        } }, 'Remove'))))) : el('p', { class: 'supplied' }, 'No alert rule yet.'));
    const addRule = ruleForm(async (rule) => {
      const r = await write('/api/alerts/rules', 'POST', rule);
      if (r) done('Added rule ' + (r.name || r.id) + ' (' + r.id + ').');
    });

    const alerts = await section('Alerts fired', '/api/alerts?limit=100', (d) => d.alerts.length ? table(
      ['Fired', 'Rule', 'Period', 'Counts', 'Baseline', 'Why', 'Delivery'],
      d.alerts.map((a) => el('tr', { 'data-alert': a.key, 'data-rule': a.rule ? a.rule.id : '' },
        el('td', null, when(a.fired_at)),
        el('td', null, (a.rule && (a.rule.name || a.rule.id)) || '', ' (', a.kind, ')'),
        el('td', { class: 'period' }, `${a.period.from} – ${a.period.to}`, a.partial ? ' (so far)' : ''),
        el('td', { class: 'counts' }, plural(a.counts.events, 'event') + ', ' + plural(a.counts.fatalities, 'death'), el('br'),
          (a.sample_event_ids || []).flatMap((id, i) => [i ? ' ' : '', el('a', { href: eventHref(id) }, 'event ' + (i + 1))])),
        el('td', { class: 'baseline' }, baselineText(a)),
        el('td', { class: 'reason' }, a.reason || ''),
        el('td', { class: 'delivery state-' + (a.delivery ? a.delivery.state : 'none') }, deliveryText(a.delivery))))) : el('p', { class: 'supplied' }, 'No alert has fired.'));

    if (view !== state.view) return; // the reader moved on while the lists loaded
    clear(box).append(
      el('p', null, el('a', { id: 'back-monitor', href: overviewURL(state.filters), onclick: backToList }, '← All events'), ' ',
        // Feed states and alerts change on their own; the view redraws only when asked, so
        // that nothing typed into the forms is lost.
        el('button', { type: 'button', id: 'm-refresh', onclick: () => { if (view === state.view) showMonitor(); } }, 'Refresh')),
      el('h2', { id: 'monitor-h' }, 'Feeds and alerts'),
      el('section', { class: 'review', 'aria-label': 'Token' },
        el('form', { onsubmit: (ev) => { ev.preventDefault(); auth.save(); say('Token kept for this tab.', true); } },
          field('Token', auth.token), field('Your name', auth.name), el('button', { type: 'submit' }, 'Keep')),
        msg),
      feeds, el('section', { class: 'review', 'aria-label': 'Add a feed' }, add),
      rules, el('details', { class: 'review', id: 'm-rule-box', open: state.ruleFormOpen },
        el('summary', null, 'Add an alert rule'), addRule),
      alerts);
    box.querySelector('#m-rule-box').addEventListener('toggle', (ev) => { state.ruleFormOpen = ev.target.open; });
    if (state.monitorMsg) {
      say(state.monitorMsg, true);
      state.monitorMsg = '';
    }
    document.body.dataset.state = 'ready';
    state.monitorLoads++;
    box.dataset.loads = String(state.monitorLoads);
    box.focus({ preventScroll: true });
  }

  // ---------- routing ----------

  function route() {
    const m = location.hash.match(/^#\/events\/(.+)$/);
    $('monitor').hidden = true;
    if (m) {
      showEvent(decodeURIComponent(m[1]));
      return;
    }
    if (location.hash === '#/monitor') {
      showMonitor();
      return;
    }
    state.view++;
    $('detail').hidden = true;
    $('overview').hidden = false;
    state.map.invalidateSize();
    const f = filtersFromURL();
    const same = JSON.stringify(f) === JSON.stringify(state.lastFilters || null);
    state.filters = f;
    formFromFilters(f);
    if (same && !state.stale && state.loads) return;
    state.lastFilters = f;
    state.stale = false;
    if ((f.country || '') !== (state.admin1For || '')) {
      state.admin1For = f.country || '';
      loadAdmin1(f.country);
    }
    loadOverview();
  }

  function start() {
    buildTypeFilter();
    initMap();
    const form = $('filters');
    form.addEventListener('submit', (ev) => { ev.preventDefault(); applyForm(true); });
    // Text filters apply on Enter or leaving the field: the actor filter takes whole names, so
    // applying on every key press would flash empty results while typing.
    for (const id of ['f-from', 'f-to', 'f-type', 'f-admin1', 'f-actor', 'f-q']) $(id).addEventListener('change', () => applyForm(true));
    $('f-country').addEventListener('change', () => { $('f-admin1').value = ''; applyForm(true); });
    $('f-reset').addEventListener('click', () => {
      history.pushState(null, '', location.pathname);
      route();
    });
    $('more').addEventListener('click', () => renderList(false));
    // popstate fires for back/forward and for every change of the hash (links, typed URLs);
    // listening to hashchange as well would route twice.
    window.addEventListener('popstate', route);
    let rt = null;
    window.addEventListener('resize', () => {
      clearTimeout(rt);
      rt = setTimeout(() => {
        if (state.plot) state.plot.setSize({ width: Math.max(300, $('timeline').clientWidth), height: 170 });
      }, 150);
    });
    loadCountries();
    route();
    // New reports arrive from feeds all the time: look again every minute while the overview
    // is on screen.
    setInterval(() => {
      if (!$('overview').hidden && document.visibilityState === 'visible') loadOverview(true);
    }, 60000);
  }

  document.addEventListener('DOMContentLoaded', start);
})();
