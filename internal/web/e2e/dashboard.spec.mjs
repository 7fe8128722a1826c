// Browser end-to-end test of sitrep's dashboard, run by internal/web's Go test (or by hand):
//
//   SITREP_E2E_URL=http://127.0.0.1:8080 SITREP_E2E_TOKEN=... node dashboard.spec.mjs
//
// It drives Debian's chromium (CHROMIUM, default /usr/bin/chromium) headless through
// playwright-core against a running `sitrep serve`, after sending it the bundled sample reports
// and one report whose text carries <script> and <img onerror> (through POST /api/articles,
// so it needs the write token). It checks that the map shows markers; that a filter changes the
// map, the list and the timeline consistently, and the URL with them; that an event's page
// highlights its evidence sentence; that a review edit persists after a reload; and that the
// hostile article shows its markup as text and runs none of it. In the feeds and alerts view it
// adds a feed served by this script (on loopback) and waits for its state to be ok and its item
// to become an event, adds an alert rule that this item makes fire, sees the alert listed and
// received by this script's webhook receiver (signed), and removes both; on the event page it
// merges two events and splits them again. The alert step needs the server to check rules often
// (`sitrep serve --alert-every 2s`, as e2e_test.go starts it). Screenshots go to
// SITREP_E2E_SCREENSHOT (a .png path) or to SITREP_E2E_ARTIFACTS/dashboard.png (and -event,
// -monitor beside it).
// Exit status 0 means every check passed; each failure is printed with what was seen.
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = (process.env.SITREP_E2E_URL || '').replace(/\/$/, '');
const token = process.env.SITREP_E2E_TOKEN || '';
const exe = process.env.CHROMIUM || '/usr/bin/chromium';
const artifacts = process.env.SITREP_E2E_ARTIFACTS || '';
const shot = process.env.SITREP_E2E_SCREENSHOT || (artifacts ? path.join(artifacts, 'dashboard.png') : '');
const samples = process.env.SITREP_E2E_SAMPLES || path.join(here, '../../../samples/reports.jsonl');
const T = 30000;

if (!base) {
  console.error('SITREP_E2E_URL is not set: give the URL of a running `sitrep serve`');
  process.exit(2);
}

// The hostile report: written for this test. Its evidence sentence is plain; markup sits
// before it, after it, in the title and in the URL. A run stamp at the end makes it a new
// article on every run, so that the test can be run again against the same server.
const run = new Date().toISOString();
const hostile = {
  id: 'e2e-hostile-markup-' + run,
  published: '2025-03-20',
  outlet: 'E2E <b>Desk</b>',
  title: 'Shelling <script>window.__xss="title"</script> hits a town in Idlib',
  url: 'javascript:window.__xss="url"',
  // The emoji and the mathematical letters lie outside the Basic Multilingual Plane (two UTF-16
  // units each, one code point), so a highlight computed in the wrong unit lands off the sentence.
  text: '📰 𝐃𝐞𝐬𝐤 note (مكتب): an earlier version of this page showed <script>window.__xss="script"</script> ' +
    'and <img src=x onerror="window.__xss=\'img\'"> in its caption.\n\n' +
    'Government forces shelled the town of Maarat al-Numan in Idlib on Tuesday, killing three civilians, local medics said. ' +
    'The shelling <script>window.__xss="after"</script> also damaged a school.\n\nFiled by the test desk, run ' + run + '.',
};

// Filled in by main for the later steps.
let hostileEventID = '';
let hostileCountry = '';
// HTTP error statuses the browser is expected to log during the current step.
const expectStatus = new Set();

let failures = 0;
let passed = 0;
function check(ok, what, seen) {
  if (ok) {
    passed++;
    console.log('ok   ' + what);
  } else {
    failures++;
    console.log('FAIL ' + what + (seen !== undefined ? ' — saw: ' + JSON.stringify(seen) : ''));
  }
  return ok;
}

async function apiJSON(p, opts = {}) {
  const res = await fetch(base + p, opts);
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch (_) { /* not JSON */ }
  return { status: res.status, body, text };
}

async function post(doc) {
  return apiJSON('/api/articles', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
    body: JSON.stringify(doc),
  });
}

// count asks the API how many events match a filter, and how many of them have coordinates.
async function count(filters) {
  const q = new URLSearchParams(Object.assign({ limit: '10000', fields: 'latitude,longitude' }, filters));
  let total = 0, located = 0, cursor = '';
  for (;;) {
    if (cursor) q.set('cursor', cursor);
    const r = await apiJSON('/api/events?' + q);
    if (r.status !== 200) throw new Error('GET /api/events: ' + r.status + ' ' + r.text.slice(0, 200));
    total += r.body.events.length;
    located += r.body.events.filter((e) => typeof e.latitude === 'number' && typeof e.longitude === 'number').length;
    cursor = r.body.next_cursor;
    if (!cursor) return { total, located };
  }
}

async function seed() {
  if (!token) throw new Error('SITREP_E2E_TOKEN is not set: the test sends its reports through POST /api/articles');
  const lines = fs.readFileSync(samples, 'utf8').split('\n').filter((l) => l.trim());
  for (const l of lines) {
    const r = await post(JSON.parse(l));
    if (r.status !== 201 && r.status !== 200) throw new Error('POST sample: ' + r.status + ' ' + r.text.slice(0, 200));
  }
  const r = await post(hostile);
  check(r.status === 201 || r.status === 200, 'POST /api/articles stores the hostile report', r.status);
  const ev = r.body && r.body.events && r.body.events[0];
  if (!ev) throw new Error('the hostile report was coded as no event: ' + r.text.slice(0, 300));
  return ev.event_id;
}

// overview reads what the page shows once it is ready.
async function overview(page) {
  return page.evaluate(() => ({
    markers: Number(document.getElementById('map').dataset.markers),
    list: Number(document.getElementById('list').dataset.count),
    rows: document.querySelectorAll('#rows tr').length,
    timeline: Number(document.getElementById('timeline').dataset.total),
    loads: Number(document.body.dataset.loads || 0),
    search: location.search,
  }));
}

async function waitLoaded(page, after) {
  await page.waitForFunction((n) => document.body.dataset.state === 'ready' && Number(document.body.dataset.loads || 0) > n, after, { timeout: T });
}

async function main() {
  const hostileID = await seed();
  hostileEventID = hostileID;
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sitrep-e2e-chromium-'));
  // A fresh profile each run (playwright passes it as --user-data-dir).
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: exe,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pageErrors = [];
  try {
    const page = ctx.pages()[0] || await ctx.newPage();
    page.on('pageerror', (e) => pageErrors.push('pageerror: ' + e.message));
    page.on('console', (m) => {
      // The wrong-token step makes the browser log its 401; that one is expected, and so are
      // the statuses a step names in expectStatus while it runs.
      const st = (m.text().match(/status of (\d{3})/) || [])[1];
      if (m.type() === 'error' && st !== '401' && !expectStatus.has(st)) pageErrors.push('console: ' + m.text());
    });
    page.on('dialog', (d) => { pageErrors.push('dialog opened: ' + d.message()); d.dismiss(); });
    // Only this server: anything else would mean the dashboard is not offline.
    const foreign = [];
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(base + '/') || u.startsWith('data:')) return route.continue();
      foreign.push(u);
      return route.abort();
    });

    // 1. Markers on the map, and the three views agree with the API.
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await waitLoaded(page, 0);
    await page.waitForFunction(() => document.getElementById('map').dataset.basemap === 'ready', null, { timeout: T });
    const all = await count({});
    let o = await overview(page);
    check(o.markers > 0, 'the map shows markers', o.markers);
    check(o.markers === all.located, 'one marker per located event', { markers: o.markers, api: all.located });
    check(o.list === all.total, 'the list holds every event', { list: o.list, api: all.total });
    check(o.timeline === all.total, 'the timeline counts every event', { timeline: o.timeline, api: all.total });
    const canvasPainted = await page.evaluate(() => {
      const c = document.querySelector('#map canvas');
      return !!c && c.width > 0 && c.height > 0;
    });
    check(canvasPainted, 'the map draws on a canvas');

    // 2. A filter changes map, list, timeline and URL together.
    const country = await page.evaluate((id) => {
      const opts = [...document.querySelectorAll('#f-country option')].map((x) => x.value).filter(Boolean);
      return opts;
    });
    const hostileRow = (await apiJSON('/api/events/' + encodeURIComponent(hostileID))).body.event;
    const pick = hostileRow.country && country.includes(hostileRow.country) ? hostileRow.country : country[0];
    hostileCountry = pick;
    check(!!pick, 'the country filter lists countries', country);
    let before = o.loads;
    await page.selectOption('#f-country', pick);
    await waitLoaded(page, before);
    const byCountry = await count({ country: pick });
    o = await overview(page);
    check(o.list === byCountry.total && o.timeline === byCountry.total && o.markers === byCountry.located,
      `filter country=${pick}: list, timeline and map agree with the API`, { page: o, api: byCountry });
    check(byCountry.total < all.total, 'the country filter narrows the events', { filtered: byCountry.total, all: all.total });
    check(new URLSearchParams(o.search).get('country') === pick, 'the URL carries the filter', o.search);
    const rowCountries = await page.$$eval('#rows tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
    check(rowCountries.length > 0 && rowCountries.every((t) => t.endsWith(pick)), 'every listed row is in that country', rowCountries.slice(0, 5));

    // Now one event type on top of the country.
    const type = hostileRow.event_type;
    before = o.loads;
    await page.selectOption('#f-type', type);
    await waitLoaded(page, before);
    const byType = await count({ country: pick, event_type: type });
    o = await overview(page);
    check(o.list === byType.total && o.timeline === byType.total && o.markers === byType.located,
      `filter country=${pick} event_type=${type}: list, timeline and map agree`, { page: o, api: byType });
    const shared = page.url();

    // A shared URL opens on the same view.
    await page.goto(shared, { waitUntil: 'domcontentloaded' });
    await waitLoaded(page, 0);
    const o2 = await overview(page);
    check(o2.list === byType.total && o2.markers === byType.located && o2.timeline === byType.total,
      'a filtered URL reopens with the same events', { page: o2, api: byType });
    const formKept = await page.evaluate(() => ({
      country: document.getElementById('f-country').value,
      type: document.getElementById('f-type').value,
    }));
    check(formKept.country === pick && formKept.type === type, 'the filter form shows the shared filters', formKept);
    const rowTypes = await page.$$eval('#rows tr', (trs) => trs.map((tr) => tr.dataset.type));
    check(rowTypes.length === Math.min(byType.total, 200) && rowTypes.every((t) => t === type), 'every listed row has that event type', rowTypes.slice(0, 5));
    // The admin1 filter: its choices are the country's admin1 units; picking one narrows the
    // three views together and goes into the URL.
    await page.goto(base + '/?' + new URLSearchParams({ country: pick }), { waitUntil: 'domcontentloaded' });
    await waitLoaded(page, 0);
    await page.waitForFunction(() => !document.getElementById('f-admin1').disabled &&
      document.querySelectorAll('#f-admin1 option').length > 1, null, { timeout: T });
    const admin1s = await page.$$eval('#f-admin1 option', (os) => os.map((x) => x.value).filter(Boolean));
    const admin1 = hostileRow.admin1 && admin1s.includes(hostileRow.admin1) ? hostileRow.admin1 : admin1s[0];
    check(!!admin1, `the admin1 filter lists the admin1 units of ${pick}`, admin1s);
    before = (await overview(page)).loads;
    await page.selectOption('#f-admin1', admin1);
    await waitLoaded(page, before);
    const byAdmin1 = await count({ country: pick, admin1 });
    o = await overview(page);
    const sp1 = new URLSearchParams(o.search);
    check(o.list === byAdmin1.total && o.timeline === byAdmin1.total && o.markers === byAdmin1.located &&
      byAdmin1.total > 0 && byAdmin1.total <= byCountry.total && sp1.get('admin1') === admin1 && sp1.get('country') === pick,
      `filter country=${pick} admin1=${admin1}: list, timeline, map and URL agree with the API`, { page: o, api: byAdmin1 });
    const rowPlaces = await page.$$eval('#rows tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
    check(rowPlaces.length > 0 && rowPlaces.every((t) => t.toLowerCase().includes(admin1.toLowerCase())), 'every listed row is in that admin1', rowPlaces.slice(0, 5));

    // Dragging across the timeline sets a date range; the three views follow it.
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await waitLoaded(page, 0);
    const over = await page.$('#timeline .u-over');
    const box = over && await over.boundingBox();
    if (check(!!box, 'the timeline is drawn')) {
      before = (await overview(page)).loads;
      await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 6 });
      await page.mouse.up();
      await waitLoaded(page, before);
      o = await overview(page);
      const sp = new URLSearchParams(o.search);
      const range = { event_date_from: sp.get('event_date_from') || '', event_date_to: sp.get('event_date_to') || '' };
      const byDate = await count(range);
      check(range.event_date_from && range.event_date_to && range.event_date_from <= range.event_date_to,
        'dragging across the timeline sets a date range in the URL', o.search);
      check(o.list === byDate.total && o.timeline === byDate.total && o.markers === byDate.located && byDate.total <= all.total,
        'with that range, list, timeline and map agree with the API', { page: o, api: byDate });
    }
    if (shot) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
      await waitLoaded(page, 0);
      await page.waitForFunction(() => document.getElementById('map').dataset.basemap === 'ready', null, { timeout: T });
      await page.waitForTimeout(300);
      await page.screenshot({ path: shot });
      console.log('screenshot: ' + shot);
    }

    // 3 and 5. The hostile report's event page: evidence highlighted, markup shown as text.
    await page.goto(base + '/#/events/' + encodeURIComponent(hostileID), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#detail mark.evidence', { timeout: T });
    const detail = (await apiJSON('/api/events/' + encodeURIComponent(hostileID))).body;
    const mention = detail.mentions.find((m) => m.article.doc_id === hostile.id || m.article.id === hostile.id);
    if (!check(!!mention, 'the event detail lists the hostile report among its mentions', detail.mentions.map((m) => m.article.doc_id))) return;
    const ev = mention.event.evidence;
    const cp = [...mention.article.text];
    const expected = cp.slice(ev.start, ev.end).join('');
    const seen = await page.evaluate((mid) => {
      const sec = [...document.querySelectorAll('#detail section.mention')].find((s) => s.dataset.mention === mid);
      if (!sec) return null;
      const box = sec.querySelector('.article-text');
      const mark = box.querySelector('mark.evidence');
      return {
        mark: mark ? mark.textContent : null,
        markFrom: mark ? mark.dataset.from : null,
        text: box.textContent,
        title: sec.querySelector('h4').textContent,
        imgs: document.querySelectorAll('#detail img').length,
        scripts: document.querySelectorAll('#detail script').length,
        bold: document.querySelectorAll('#detail b').length,
        links: [...sec.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        xss: window.__xss === undefined ? null : String(window.__xss),
      };
    }, mention.id);
    check(!!seen, 'the event page shows the report', seen);
    if (seen) {
      check(seen.mark === expected && expected.length > 0 && seen.markFrom === 'offsets',
        'the evidence sentence is highlighted, placed by its code-point offsets', { mark: seen.mark, from: seen.markFrom, expected });
      check(seen.text === mention.article.text, 'the article text is shown whole and unchanged');
      check(seen.text.includes('<script>window.__xss="script"</script>'), 'a <script> in the article shows as text');
      check(seen.text.includes('<img src=x onerror="window.__xss=\'img\'">'), 'an <img onerror> in the article shows as text');
      check(seen.title.includes('<script>'), 'a <script> in the title shows as text', seen.title);
      check(seen.imgs === 0 && seen.scripts === 0 && seen.bold === 0, 'no element was made from the article', seen);
      check(!seen.links.some((h) => h && h.startsWith('javascript:')), 'a javascript: URL is not linked', seen.links);
      check(seen.xss === null, 'nothing from the article ran', seen.xss);
    }
    const supplied = await page.$$eval('#detail table.fields tr', (trs) => trs.map((tr) => [tr.dataset.field, tr.cells[2].textContent]));
    check(supplied.some(([f, by]) => f === 'event_date' && by.startsWith('from ')), 'the page says which report supplied each field', supplied.slice(0, 4));

    // 4. A review edit persists after a reload (first with a wrong token: refused, unchanged).
    const before4 = detail.event.fatalities;
    const target = before4 + 7;
    await page.fill('#r-token', 'wrong-token');
    await page.fill('#r-who', 'e2e reviewer');
    await page.selectOption('#r-field', 'fatalities');
    await page.fill('#r-value', String(target));
    await page.fill('#r-reason', 'e2e: a later report gives a higher toll');
    await page.click('#r-edit button[type=submit]');
    await page.waitForFunction(() => document.getElementById('review-msg').classList.contains('error'), null, { timeout: T });
    const refused = (await apiJSON('/api/events/' + encodeURIComponent(hostileID))).body.event.fatalities;
    check(refused === before4, 'an edit with a wrong token is refused and changes nothing', refused);
    await page.fill('#r-token', token);
    await page.evaluate(() => { document.getElementById('review-msg').className = 'msg'; });
    await page.click('#r-edit button[type=submit]');
    await page.waitForFunction(() => {
      const m = document.getElementById('review-msg');
      return m && (m.classList.contains('ok') || m.classList.contains('error'));
    }, null, { timeout: T });
    const saved = await page.$eval('#review-msg', (m) => ({ ok: m.classList.contains('ok'), text: m.textContent }));
    check(saved.ok, 'the review edit is saved', saved.text);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#detail table.fields', { timeout: T });
    const after = await page.evaluate(() => {
      const tr = document.querySelector('#detail table.fields tr[data-field="fatalities"]');
      return {
        value: tr ? tr.querySelector('td.value').textContent : null,
        by: tr ? tr.cells[2].textContent : null,
        audit: document.getElementById('audit').textContent,
        token: sessionStorage.getItem('sitrep.token') !== null,
      };
    });
    check(after.value === String(target), 'the edited field persists after a reload', after);
    const high = (await apiJSON('/api/events/' + encodeURIComponent(hostileID))).body.event;
    check(high.fatalities === target && high.fatalities_high >= target, 'the stored event has the new toll, its range widened to hold it', high);
    check(/review/.test(after.by || ''), 'the edited field is marked as set by a reviewer', after.by);
    check(after.audit.includes('e2e: a later report gives a higher toll') && after.audit.includes('e2e reviewer'),
      'the audit history shows who and why', after.audit.slice(0, 300));

    // 6. Mark as not an event: it leaves the list, map and timeline; restoring brings it back.
    const listed = async () => {
      const q = new URLSearchParams({ limit: '10000', fields: 'event_id' });
      const r = await apiJSON('/api/events?' + q);
      return r.body.events.some((e) => e.event_id === hostileID);
    };
    const review = async (form, reason) => {
      await page.evaluate(() => { document.getElementById('review-msg').className = 'msg'; });
      await page.fill(form + ' input.reason', reason);
      await page.click(form + ' button[type=submit]');
      await page.waitForFunction(() => {
        const m = document.getElementById('review-msg');
        return m && (m.classList.contains('ok') || m.classList.contains('error'));
      }, null, { timeout: T });
      return page.$eval('#review-msg', (m) => ({ ok: m.classList.contains('ok'), text: m.textContent }));
    };
    let r6 = await review('#r-not', 'e2e: checking the not-an-event path');
    check(r6.ok && await page.$('#detail .badge.not-event') !== null, 'marking as not an event is saved and shown', r6.text);
    check(!(await listed()), 'an event marked as not an event leaves the API list');
    const allNow = await count({});
    const beforeBack = (await overview(page)).loads;
    await page.click('#back');
    await waitLoaded(page, beforeBack);
    o = await overview(page);
    const rowIDs = await page.$$eval('#rows tr', (trs) => trs.map((tr) => tr.dataset.id));
    check(!rowIDs.includes(hostileID) && o.list === allNow.total && o.timeline === allNow.total && o.markers === allNow.located,
      'back on the overview, the event is gone from list, map and timeline', { page: o, api: allNow });
    await page.goto(base + '/#/events/' + encodeURIComponent(hostileID), { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#r-not', { timeout: T });
    r6 = await review('#r-not', 'e2e: restoring it');
    check(r6.ok && await listed(), 'restoring brings the event back', r6.text);
    const history = await page.$eval('#audit', (ol) => ol.textContent);
    check(history.includes('marked as not an event') && history.includes('restored as an event'), 'the history shows both', history.slice(-300));
    if (shot) {
      const p = shot.replace(/\.png$/, '') + '-event.png';
      await page.screenshot({ path: p, fullPage: true });
      console.log('screenshot: ' + p);
    }

    // 7. Feeds and alerts. The spec serves a feed and a webhook receiver itself, on loopback.
    const local = await startLocal();
    try {
      await monitorSteps(page, local);
    } finally {
      await new Promise((r) => local.server.close(r));
    }

    // 8. Merge two events and split them again, from the event page.
    await mergeSplitSteps(page);

    check(foreign.length === 0, 'the dashboard requests nothing outside the server (works offline)', foreign.slice(0, 5));
    check(pageErrors.length === 0, 'no script errors, CSP violations or dialogs', pageErrors.slice(0, 5));
  } finally {
    await ctx.close();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}

// ---------- feeds and alerts ----------

// The feed's one item, written for this test: a full article in content:encoded, published
// now, so that its event falls in the current alert period. The run stamp makes it new on
// every run.
const feedItem = {
  guid: 'urn:sitrep-e2e:feed-item:' + run,
  title: 'Shelling kills two in an Idlib village',
  text: ['Government forces shelled the village of Kafr Nabl in Idlib on Tuesday, killing two civilians, a local rescue group said.',
    'The shelling also destroyed a bakery, residents said.',
    'Filed by the e2e wire, run ' + run + '.'],
};

function feedXML(self) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>E2E Wire</title>
<link>${esc(self)}</link>
<description>Reports written for sitrep's browser test</description>
<item>
<title>${esc(feedItem.title)}</title>
<link>${esc(self.replace('feed.xml', 'story.html'))}</link>
<guid isPermaLink="false">${esc(feedItem.guid)}</guid>
<pubDate>${new Date().toUTCString()}</pubDate>
<description>${esc(feedItem.text[0])}</description>
<content:encoded><![CDATA[${feedItem.text.map((p) => '<p>' + p + '</p>').join('\n')}]]></content:encoded>
</item>
</channel>
</rss>
`;
}

// startLocal starts the feed server and webhook receiver on 127.0.0.1 and a free port.
async function startLocal() {
  const hooks = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url, 'http://x');
      if (req.method === 'GET' && u.pathname === '/feed.xml') {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
        res.end(feedXML(local.base + '/feed.xml'));
      } else if (req.method === 'GET' && u.pathname === '/story.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html><head><title>' + feedItem.title + '</title></head><body><article>' +
          feedItem.text.map((p) => '<p>' + p + '</p>').join('') + '</article></body></html>');
      } else if (req.method === 'POST' && u.pathname.startsWith('/hook/')) {
        hooks.push({ path: u.pathname, headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const local = { server, hooks, base: 'http://127.0.0.1:' + server.address().port };
  return local;
}

// openMonitor shows the feeds and alerts view (again) and waits until it is drawn.
async function openMonitor(page, refresh) {
  let n = 0;
  if (refresh) {
    n = await page.evaluate(() => Number(document.getElementById('monitor').dataset.loads || 0));
    await page.click('#m-refresh');
  } else {
    await page.evaluate(() => { document.getElementById('monitor').dataset.loads = '0'; });
    await page.goto(base + '/#/monitor', { waitUntil: 'domcontentloaded' });
  }
  await page.waitForFunction((k) => {
    const m = document.getElementById('monitor');
    return !m.hidden && document.body.dataset.state === 'ready' && Number(m.dataset.loads || 0) > k;
  }, n, { timeout: T });
}

// monitorMsg waits for the view's message after a write and returns it.
async function monitorMsg(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('monitor-msg');
    return m && (m.classList.contains('ok') || m.classList.contains('error'));
  }, null, { timeout: T });
  return page.$eval('#monitor-msg', (m) => ({ ok: m.classList.contains('ok'), text: m.textContent }));
}

// until repeats fn (which refreshes the view and reads it) until ok(result) or the time is up.
async function until(page, ms, fn, ok) {
  const end = Date.now() + ms;
  let r = await fn();
  while (!ok(r) && Date.now() < end) {
    await page.waitForTimeout(1000);
    await openMonitor(page, true);
    r = await fn();
  }
  return r;
}

async function monitorSteps(page, local) {
  const feedURL = local.base + '/feed.xml';
  const eventsBefore = await count({});
  await openMonitor(page, false);
  await page.fill('#m-token', token);
  await page.evaluate(() => { document.getElementById('monitor-msg').className = 'msg'; });
  await page.fill('#m-feed-url', feedURL);
  await page.fill('#m-feed-interval', '60');
  await page.click('#m-add-feed button[type=submit]');
  let m = await monitorMsg(page);
  check(m.ok, 'adding a feed is accepted', m.text);
  const apiFeed = ((await apiJSON('/api/feeds')).body.feeds || []).find((f) => f.url.includes(':' + new URL(local.base).port + '/feed.xml'));
  if (!check(!!apiFeed, 'the API lists the new feed', apiFeed)) return;
  const feedRow = () => page.evaluate((id) => {
    const tr = document.querySelector(`#monitor tr[data-feed="${id}"]`);
    return tr ? { state: tr.dataset.state, text: tr.textContent, articles: Number(tr.cells[4].textContent) } : null;
  }, String(apiFeed.id));
  const fr = await until(page, 20000, feedRow, (r) => r && r.state !== 'new');
  check(fr && fr.state === 'ok' && fr.text.includes('E2E Wire') && fr.articles >= 1,
    'the feed is polled at once: its row shows state ok, its title and the article read', fr);

  // The item's event, found by its document id.
  const recent = new Date(Date.now() - 21 * 86400e3).toISOString().slice(0, 10);
  let fe = null;
  for (let i = 0; i < 20 && !fe; i++) {
    const r = await apiJSON('/api/events?' + new URLSearchParams({ event_date_from: recent, limit: '10000', fields: 'doc_ids,country,admin1,event_type,event_date' }));
    fe = (r.body.events || []).find((e) => (e.doc_ids || []).includes(feedItem.guid));
    if (!fe) await page.waitForTimeout(500);
  }
  const eventsAfter = await count({});
  check(!!fe && eventsAfter.total > eventsBefore.total, 'the feed item became an event in GET /api/events', { event: fe, before: eventsBefore.total, after: eventsAfter.total });

  // A rule the server refuses: its message is shown.
  await page.click('#m-rule-box > summary');
  await page.fill('#m-rule-name', 'e2e: a bad rule');
  await page.selectOption('#m-rule-kind', 'spike');
  await page.fill('#m-rule-baseline', '1');
  await page.evaluate(() => { document.getElementById('monitor-msg').className = 'msg'; });
  expectStatus.add('400');
  await page.click('#m-add-rule button[type=submit]');
  m = await monitorMsg(page);
  expectStatus.delete('400');
  check(!m.ok && /baseline_periods/.test(m.text), "a rule the server refuses shows the server's reason", m.text);
  const nRules = (await apiJSON('/api/alerts/rules')).body.rules.length;
  check(nRules === 0, 'and nothing was stored', nRules);

  // A threshold rule over the feed event's place and type, with a signed webhook.
  const area = fe ? { country: fe.country, admin1: fe.admin1 || '' } : { country: hostileCountry, admin1: '' };
  const ruleName = 'e2e: shelling <b>near</b> the office';
  await page.fill('#m-rule-name', ruleName);
  await page.selectOption('#m-rule-area', 'place');
  await page.fill('#m-rule-country', area.country);
  await page.fill('#m-rule-admin1', area.admin1);
  if (fe) await page.selectOption('#m-rule-types', [fe.event_type]);
  await page.fill('#m-rule-window', '7');
  await page.selectOption('#m-rule-kind', 'threshold');
  await page.fill('#m-rule-events', '1');
  await page.fill('#m-rule-webhook', local.base + '/hook/secret-path-token');
  await page.fill('#m-rule-secret', 'e2e-secret');
  await page.evaluate(() => { document.getElementById('monitor-msg').className = 'msg'; });
  await page.click('#m-add-rule button[type=submit]');
  m = await monitorMsg(page);
  check(m.ok, 'adding an alert rule is accepted', m.text);
  const rules = (await apiJSON('/api/alerts/rules')).body.rules;
  const rule = rules.find((r) => r.name === ruleName);
  if (!check(!!rule && rule.area.country === area.country && (rule.area.admin1 || '') === area.admin1 &&
    rule.threshold && rule.threshold.events === 1 && rule.window_days === 7, 'the API has the rule in package alert\'s shape', rules)) return;
  check(!JSON.stringify(rules).includes('secret-path-token') && !JSON.stringify(rules).includes('e2e-secret'),
    'the rule list shows neither the webhook path nor the secret', rule.webhook);
  const ruleRow = await page.evaluate((id) => {
    const tr = document.querySelector(`#monitor tr[data-rule="${CSS.escape(id)}"]:not([data-alert])`);
    return tr ? { text: tr.textContent, bold: tr.querySelectorAll('b').length } : null;
  }, rule.id);
  check(!!ruleRow && ruleRow.text.includes(ruleName) && ruleRow.text.includes(area.country) && ruleRow.text.includes('1+ events') && ruleRow.bold === 0,
    'the rule is listed with its name (as text), area and condition', ruleRow);

  // It fires (rules are checked every 2 s in the test server), reaches the webhook, signed.
  const alertRow = () => page.evaluate((id) => {
    const tr = document.querySelector(`#monitor tr[data-alert][data-rule="${CSS.escape(id)}"]`);
    if (!tr) return null;
    const q = (c) => (tr.querySelector('td.' + c) || {}).textContent;
    return { period: q('period'), counts: q('counts'), reason: q('reason'), delivery: q('delivery'), text: tr.textContent };
  }, rule.id);
  const ar = await until(page, 90000, alertRow, (r) => r && /^delivered/.test(r.delivery));
  const loadErrors = await page.$$eval('#monitor section p.msg.error', (ps) => ps.map((x) => x.textContent));
  check(loadErrors.length === 0, 'every list of the view loads and renders', loadErrors);
  const fired = ((await apiJSON('/api/alerts?' + new URLSearchParams({ rule: rule.id }))).body || {}).alerts || [];
  const a = fired[0];
  check(!!ar && !!a && ar.period.includes(a.period.from) && ar.period.includes(a.period.to) &&
    ar.counts.startsWith(`${a.counts.events} event${a.counts.events === 1 ? '' : 's'}, ${a.counts.fatalities} death${a.counts.fatalities === 1 ? '' : 's'}`) && ar.reason === a.reason && a.reason.length > 0,
    'the fired alert is listed with its period, counts and reason', { row: ar, api: a });
  check(!!ar && /^delivered after 1 attempt/.test(ar.delivery) && a && a.delivery && a.delivery.state === 'delivered',
    'its webhook delivery is shown as delivered', { row: ar && ar.delivery, api: a && a.delivery });
  const hook = local.hooks.find((h) => h.headers['x-sitrep-alert-key'] === (a && a.key));
  const sig = hook && 'sha256=' + crypto.createHmac('sha256', 'e2e-secret').update(hook.body).digest('hex');
  check(!!hook && hook.path === '/hook/secret-path-token' && hook.headers['x-sitrep-signature'] === sig && JSON.parse(hook.body).key === a.key,
    'the webhook received the alert, signed with the rule\'s secret', hook && { path: hook.path, headers: hook.headers });
  if (shot) {
    const p = shot.replace(/\.png$/, '') + '-monitor.png';
    // The view scrolls inside <main>: a tall window shows all of it.
    await page.setViewportSize({ width: 1400, height: 2400 });
    await page.screenshot({ path: p });
    await page.setViewportSize({ width: 1400, height: 900 });
    console.log('screenshot: ' + p);
  }

  // Remove the rule (its alert stays listed) and the feed.
  await page.evaluate(() => { document.getElementById('monitor-msg').className = 'msg'; });
  await page.click(`#monitor tr[data-rule="${rule.id}"]:not([data-alert]) button.remove`);
  m = await monitorMsg(page);
  const rulesLeft = (await apiJSON('/api/alerts/rules')).body.rules.map((r) => r.id);
  const rowLeft = await page.$(`#monitor tr[data-rule="${rule.id}"]:not([data-alert])`);
  check(m.ok && !rulesLeft.includes(rule.id) && rowLeft === null, 'removing the rule takes it out of the list and the API', { msg: m.text, rulesLeft });
  check(await alertRow() !== null, 'the alert it fired stays listed');
  await page.evaluate(() => { document.getElementById('monitor-msg').className = 'msg'; });
  await page.click(`#monitor tr[data-feed="${apiFeed.id}"] button.remove`);
  m = await monitorMsg(page);
  const feedsLeft = (await apiJSON('/api/feeds')).body.feeds.map((f) => f.id);
  check(m.ok && !feedsLeft.includes(apiFeed.id) && (await feedRow()) === null, 'removing the feed takes it out of the list and the API', { msg: m.text, feedsLeft });
}

// ---------- merge and split ----------

async function reviewMsg(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('review-msg');
    return m && (m.classList.contains('ok') || m.classList.contains('error'));
  }, null, { timeout: T });
  return page.$eval('#review-msg', (m) => ({ ok: m.classList.contains('ok'), text: m.textContent }));
}

async function mergeSplitSteps(page) {
  const list = (await apiJSON('/api/events?' + new URLSearchParams({ limit: '10000', fields: 'event_id' }))).body.events.map((e) => e.event_id);
  const [aID, bID] = list.filter((id) => id !== hostileEventID);
  // Without a token the server answers 401 if the endpoint exists, and 404 if it does not.
  const probe = await apiJSON('/api/events/' + encodeURIComponent(aID) + '/merge', { method: 'POST', body: '{}' });
  if (!check(probe.status === 401, 'POST /api/events/{id}/merge exists and wants the token', probe.body)) return;
  const get = async (id) => apiJSON('/api/events/' + encodeURIComponent(id));
  const a0 = (await get(aID)).body, b0 = (await get(bID)).body;
  const bMentions = b0.mentions.map((x) => x.id);
  const aMentions = a0.mentions.map((x) => x.id);
  const mentionsShown = () => page.$$eval('#detail section.mention', (ss) => ss.map((s) => s.dataset.mention).sort());

  await page.goto(base + '/#/events/' + encodeURIComponent(aID), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#r-merge', { timeout: T });
  await page.fill('#r-token', token);
  await page.fill('#r-other', bID);
  await page.fill('#r-merge-reason', 'e2e: the same shelling, reported twice');
  await page.click('#r-merge button[type=submit]');
  let m = await reviewMsg(page);
  const shownAfterMerge = await mentionsShown();
  check(m.ok && JSON.stringify(shownAfterMerge) === JSON.stringify([...aMentions, ...bMentions].sort()),
    'merging shows the survivor with the reports of both', { msg: m.text, shown: shownAfterMerge });
  const gone = await get(bID);
  check(gone.status === 404 && gone.body && gone.body.merged_into === aID, 'the merged-away event answers 404 with merged_into', gone.body);
  const ids = (await apiJSON('/api/events?' + new URLSearchParams({ limit: '10000', fields: 'event_id' }))).body.events.map((e) => e.event_id);
  check(ids.includes(aID) && !ids.includes(bID), 'the list keeps the survivor and drops the other');
  expectStatus.add('404');
  await page.goto(base + '/#/events/' + encodeURIComponent(bID), { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => document.body.dataset.state === 'error' && /merged into/.test(document.getElementById('detail').textContent), null, { timeout: T });
  await page.waitForTimeout(200); // let the console report the 404 while it is expected
  expectStatus.delete('404');
  const link = await page.$eval('#detail a[href*="#/events/"]', (x) => x.getAttribute('href'));
  check(link.endsWith('#/events/' + encodeURIComponent(aID)), "the merged-away event's page links to the survivor", link);

  // Split the other event's reports out again.
  await page.goto(base + '/#/events/' + encodeURIComponent(aID), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#r-split', { timeout: T });
  await page.evaluate((ms) => {
    for (const b of document.querySelectorAll('#r-split input[type=checkbox]')) b.checked = ms.includes(b.value);
  }, bMentions);
  await page.fill('#r-split-reason', 'e2e: two different attacks after all');
  await page.click('#r-split button[type=submit]');
  m = await reviewMsg(page);
  const newID = m.ok ? await page.$eval('#split-new', (x) => x.textContent) : '';
  const shownAfterSplit = await mentionsShown();
  check(m.ok && newID && JSON.stringify(shownAfterSplit) === JSON.stringify([...aMentions].sort()),
    'splitting leaves the event with its own reports and names the new one', { msg: m.text, shown: shownAfterSplit });
  const nv = newID ? await get(newID) : { status: 0 };
  check(nv.status === 200 && JSON.stringify(nv.body.mentions.map((x) => x.id).sort()) === JSON.stringify([...bMentions].sort()),
    'the new event holds the reports split off', nv.body && nv.body.mentions && nv.body.mentions.map((x) => x.id));
  const ids2 = (await apiJSON('/api/events?' + new URLSearchParams({ limit: '10000', fields: 'event_id' }))).body.events.map((e) => e.event_id);
  check(ids2.includes(aID) && ids2.includes(newID), 'the list has both events again');
  const hist = await page.$eval('#audit', (ol) => ol.textContent);
  check(hist.includes('merged in event ' + bID) && hist.includes(`split ${bMentions.length} report${bMentions.length === 1 ? '' : 's'} off into event ${newID}`) &&
    hist.includes('e2e: two different attacks after all'), 'the history shows the merge and the split', hist.slice(-400));
  await page.click('#split-new');
  await page.waitForFunction((id) => document.getElementById('detail').dataset.eventId === id && document.body.dataset.state === 'ready', newID, { timeout: T });
  check(JSON.stringify(await mentionsShown()) === JSON.stringify([...bMentions].sort()), "the new event's page shows the reports split off");
  const hist2 = await page.$eval('#audit', (ol) => ol.textContent);
  check(hist2.includes('split off from event ' + aID), "the new event's history says where it came from", hist2.slice(-300));
}

main().then(() => {
  console.log(`${passed} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.error('FAIL ' + (e && e.stack || e));
  process.exit(1);
});
