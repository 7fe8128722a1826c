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
// hostile article shows its markup as text and runs none of it. Screenshots go to
// SITREP_E2E_SCREENSHOT (a .png path) or to SITREP_E2E_ARTIFACTS/dashboard.png.
// Exit status 0 means every check passed; each failure is printed with what was seen.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
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
      // The wrong-token step makes the browser log its 401; that one is expected.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push('console: ' + m.text());
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

    check(foreign.length === 0, 'the dashboard requests nothing outside the server (works offline)', foreign.slice(0, 5));
    check(pageErrors.length === 0, 'no script errors, CSP violations or dialogs', pageErrors.slice(0, 5));
  } finally {
    await ctx.close();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`${passed} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}, (e) => {
  console.error('FAIL ' + (e && e.stack || e));
  process.exit(1);
});
