// The analytics page (www/analytics/) in headless Chromium under the strict
// CSP: the sample partner and deal CSVs give the figures of the
// hand-checked golden programme, the account lists give the overlap, and
// bad rows are named by row and column. The CSV reader is also checked
// directly in Node (no browser needed for that part).
//
//   node --test tests/browser/analytics-page.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { watchedPage as watched, browserSkip, loadAxe, serveAndLaunch } from './watch.mjs';
import { parseCsv, defaultMapping, toRecords, toIsoDate, locate, CsvError, decodeCsvBytes } from '../../www/analytics/csv.js';

const SAMPLES = fileURLToPath(new URL('../../www/analytics/samples/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../target/artifacts/', import.meta.url));

describe('CSV reader (Node)', () => {
  it('decodes UTF-8 strictly, UTF-16 by its byte-order mark, and anything else as Windows-1252 with a notice', () => {
    assert.deepEqual(decodeCsvBytes(Buffer.from('name\nMüller\n', 'utf8'), 'a.csv'), { text: 'name\nMüller\n', notice: '' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\nMüller\n', 'utf16le')]);
    assert.equal(decodeCsvBytes(le, 'b.csv').text, 'name\nMüller\n', 'the byte-order mark is not part of the text');
    assert.match(decodeCsvBytes(le, 'b.csv').notice, /UTF-16LE/);
    const latin = decodeCsvBytes(Buffer.from('name\nM\xfcller\n', 'latin1'), 'c.csv');
    assert.equal(latin.text, 'name\nMüller\n');
    assert.match(latin.notice, /^c\.csv is not UTF-8: read as Windows-1252/);
    assert.throws(() => decodeCsvBytes(Buffer.from([0xff, 0xfe, 0x00, 0xd8]), 'd.csv'), (e) => e instanceof CsvError && /d\.csv .*UTF-16/.test(e.message));
  });

  it('handles a byte-order mark, CRLF, quotes, doubled quotes and line breaks in quotes', () => {
    const t = parseCsv('\uFEFFRecord ID,Company name,Notes\r\n1,"Acme, Inc.","two\r\nlines, ""quoted"""\r\n\r\n2,Beta,\r\n');
    assert.deepEqual(t.headers, ['Record ID', 'Company name', 'Notes']);
    assert.deepEqual(t.rows, [['1', 'Acme, Inc.', 'two\r\nlines, "quoted"'], ['2', 'Beta', '']]);
    assert.deepEqual(parseCsv('a;b\r1,5;2').rows, [['1,5', '2']], 'semicolons and bare CR');
    assert.deepEqual(parseCsv('id,name\n1,Ac"me\n').rows, [['1', 'Ac"me']], 'a lone quote inside an unquoted field is kept as written');
  });

  it('names the row and the column of a malformed field', () => {
    const cases = [
      ['id,Close Date\n1,"2026-01-01\n', /row 2, column 2 "Close Date": a quoted field is never closed/],
      ['id,name\n1,x\n2,"y"z\n', /row 3, column 2 "name": text after a closing quote/],
      ['id,name\n1,x,extra\n', /row 2: 3 fields, but the header has 2/],
      ['', /empty/],
      ['id,,name\n', /row 1, column 2: a column has no name/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseCsv(text), (err) => err instanceof CsvError && message.test(err.message), text);
    }
  });

  it('maps HubSpot and Salesforce export headers by default', () => {
    assert.deepEqual(defaultMapping('deals', ['Record ID', 'Deal Stage', 'Amount', 'Close Date', 'Deal Source', 'Partner ID']), {
      id: 0, partnerId: 5, source: 4, amount: 2, currency: -1, status: 1, registeredAt: -1, closedAt: 3, registrationStage: -1,
    });
    const sf = defaultMapping('accounts', ['Account Name', 'Website', 'Type']);
    assert.deepEqual([sf.name, sf.domain, sf.status, sf.hash], [0, 1, 2, -1]);
    const hs = defaultMapping('partners', ['Record ID', 'Company name', 'Partner Type', 'Partner Since']);
    assert.deepEqual([hs.id, hs.name, hs.type, hs.signedAt, hs.certified], [0, 1, 2, 3, -1]);
  });

  it('converts cells: CRM stages, sources, dates, thousands separators, flags', () => {
    const table = parseCsv('Opportunity ID,Stage,Deal Source,Amount,Close Date\nA,Closed Won,Partner Sourced,"12,500.50",3/4/2026\nB,Negotiation/Review,Co-Sold,7,\n');
    const deals = toRecords('deals', table, defaultMapping('deals', table.headers), { dateFormat: 'mdy' });
    assert.deepEqual(deals, [
      { id: 'A', source: 'partner-sourced', amount: '12500.50', status: 'won', closedAt: '2026-03-04' },
      { id: 'B', source: 'co-sold', amount: '7', status: 'open' },
    ]);
    assert.equal(toIsoDate('3/4/2026', 'dmy'), '2026-04-03');
    assert.equal(toIsoDate('2026-03-04 10:22'), '2026-03-04');
    assert.equal(toIsoDate('3/4/2026'), '3/4/2026', 'left for the core to refuse');
    const where = locate('deals[1].closedAt', { deals: { name: 'deals.csv', headers: table.headers, mapping: defaultMapping('deals', table.headers) } });
    assert.deepEqual(where, { file: 'deals.csv', row: 3, column: 'Close Date' });
  });
});

const skip = browserSkip;

let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

// A page that records console errors, page errors, CSP violations and any
// request to a host other than 127.0.0.1 (which it blocks).
async function watchedPage(viewport) {
  return watched(browser, { viewport });
}

const text = async (page, selector) => (await page.locator(selector).textContent()).replace(/\s+/g, ' ').trim();
// A change of file or option clears the alert at once and draws the new
// figures when the worker answers, so a figure is awaited, not read at once.
async function shows(page, selector, pattern) {
  try {
    await page.waitForFunction(([sel, source, flags]) => {
      const node = document.querySelector(sel);
      return node && new RegExp(source, flags).test(node.textContent.replace(/\s+/g, ' ').trim());
    }, [selector, pattern.source, pattern.flags], { timeout: 15_000 });
  } catch {
    // Timed out: fail with the text the page shows.
  }
  assert.match(await text(page, selector), pattern);
}

describe('analytics page', { skip }, () => {
  it('shows the metrics, scorecards and chart of the sample partner and deal CSVs', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.fill('#as-of', '2026-06-30');
      await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      await page.setInputFiles('#deals-file', `${SAMPLES}deals.csv`);
      await page.locator('#programme-results').waitFor({ state: 'visible' });

      // The figures of the hand-checked programme (tests/golden/metrics.md).
      assert.match(await text(page, '#m-partner-revenue'), /^\$1,013,000\.00/);
      assert.match(await text(page, '#m-total-revenue'), /^\$3,913,000\.00/);
      assert.match(await text(page, '#m-partner-share'), /^25\.89% within the 20–35% target/);
      assert.match(await text(page, '#m-active'), /^7 of 9 77\.78% with a won deal in the last 12 months/);
      assert.match(await text(page, '#m-activation'), /^100% recruited partners who have ever brought a deal/);
      assert.match(await text(page, '#m-per-active'), /^\$144,714\.29/);
      assert.match(await text(page, '#m-registration'), /^66\.67%/);
      assert.match(await text(page, '#m-win-rate'), /^70% partner 80% direct/);
      assert.match(await text(page, '#m-first-deal'), /^66 days \(median\) 55\.56% under 90 days/);
      assert.match(await text(page, '#window'), /2025-06-30 to 2026-06-30, USD/);

      const rows = page.locator('#scorecards tbody tr');
      assert.equal(await rows.count(), 9, 'nine partners signed by asOf; P10 signs later');
      const first = await rows.first().locator('th, td').allTextContents();
      assert.equal(first[0], 'Alpha Referrals P01');
      assert.deepEqual(first.slice(1), ['Gold', '$110,000.00', '$390,000.00 to Platinum', '4', '$60,000.00', '75%', '$23,500.00', '64']);

      // The chart: 13 months touched by the window, drawn as SVG from the core's series.
      assert.equal(await page.locator('#chart svg g.month').count(), 13);
      assert.equal(await page.locator('#chart svg g.month[data-month="2025-12"] rect.partner').count(), 1);
      const dec = await page.locator('#chart .chart-data tbody tr').nth(6).locator('th, td').allTextContents();
      assert.deepEqual(dec, ['2025-12', '$320,000.00', '$450,000.00']);

      // The mapping can be changed: unmapping the close date makes won deals invalid.
      await page.locator('#deals-mapping-box summary').click();
      await page.selectOption('#deals-map-closedAt', '-1');
      const alert = page.locator('#programme-error[role="alert"]');
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.textContent(), /deals\.csv, row 2, column "closedAt".*missing-field/);
      await page.selectOption('#deals-map-closedAt', { label: 'Close Date' });
      await alert.waitFor({ state: 'hidden' });

      // Mixed currencies need rates, and the rate used is named.
      await page.fill('#currency', 'EUR');
      await alert.waitFor({ state: 'visible' });
      assert.match(await alert.textContent(), /deals\.csv, row 2, column "Opportunity Currency".*mixed-currency/);
      await page.fill('#fx', 'USD=0.5');
      await page.locator('#fx').dispatchEvent('change');
      await alert.waitFor({ state: 'hidden' });
      await shows(page, '#m-partner-revenue', /^€506,500\.00/);
      assert.match(await text(page, '#conversions'), /1 USD = 0\.5 EUR \(60 deals\)/);

      await page.screenshot({ path: `${ARTIFACTS}analytics-programme.png`, fullPage: true });
      await check();
    } finally {
      await context.close();
    }
  });

  it('names the row and column of a bad cell, and keeps working', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      const bad = 'Opportunity ID,Partner Account ID,Deal Source,Amount,Stage,Close Date\r\n'
        + 'X1,P01,Partner Sourced,100,Closed Won,2026-01-05\r\n'
        + 'X2,,Direct,200,Closed Won,2026-02-30\r\n';
      await page.setInputFiles('#deals-file', { name: 'bad-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      const alert = page.locator('#programme-error[role="alert"]');
      await alert.waitFor({ state: 'visible' });
      const message = await alert.textContent();
      assert.match(message, /bad-deals\.csv, row 3, column "Close Date"/);
      assert.match(message, /invalid-date/);

      const unknown = 'Opportunity ID,Partner Account ID,Deal Source,Amount,Stage,Close Date\r\nX1,P99,Co-Sold,100,Closed Won,2026-01-05\r\n';
      await page.setInputFiles('#deals-file', { name: 'unknown.csv', mimeType: 'text/csv', buffer: Buffer.from(unknown) });
      await page.waitForFunction(() => /unknown-partner/.test(document.getElementById('programme-error').textContent));
      assert.match(await alert.textContent(), /unknown\.csv, row 2, column "Partner Account ID"/);

      const broken = 'Opportunity ID,Amount\r\nX1,"100\r\n';
      await page.setInputFiles('#deals-file', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
      await page.waitForFunction(() => /never closed/.test(document.getElementById('programme-error').textContent));
      assert.match(await alert.textContent(), /broken\.csv: not read\. row 2, column 2 "Amount"/);

      await page.setInputFiles('#deals-file', `${SAMPLES}deals.csv`);
      await page.fill('#as-of', '2026-06-30');
      await page.locator('#as-of').dispatchEvent('change');
      await alert.waitFor({ state: 'hidden' });
      await shows(page, '#m-partner-share', /^25\.89%/);
      await check();
    } finally {
      await context.close();
    }
  });

  it('maps two account lists, plain and in private mode, at 360px', async () => {
    const { page, context, check } = await watchedPage({ width: 360, height: 740 });
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.setInputFiles('#ours-file', `${SAMPLES}our-accounts.csv`);
      await page.setInputFiles('#theirs-file', `${SAMPLES}partner-accounts.csv`);
      await page.locator('#overlap-results').waitFor({ state: 'visible' });
      assert.match(await text(page, '#o-customer-overlap'), /^70% 7 of their 10 customers/);
      assert.match(await text(page, '#o-shared'), /^10 15 ours, 14 theirs/);
      const matrix = await page.locator('#matrix tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.deepEqual(matrix, [
        ['Customer', '2', '1', '0'],
        ['Prospect', '2', '1', '0'],
        ['Opportunity', '3', '1', '0'],
      ]);
      const cosell = await page.locator('#cosell tbody td:first-child').allTextContents();
      // Company names from our file, the matched domain beside them.
      assert.deepEqual(cosell, [
        'Acme, Inc. https://www.acme.example/', 'Initech initech.example.', 'Wayne Enterprises wayne.example',
        'Wonka Industries wonka.example', 'Umbrella Corp',
      ]);

      // Private mode: the same overlap from keyed hashes.
      await page.fill('#secret', 'shared secret for the test');
      await page.waitForFunction(() => document.querySelector('#cosell tbody td:nth-child(2)')?.textContent === 'hash');
      assert.match(await text(page, '#o-customer-overlap'), /^70%/);
      // Private mode still shows our own company names, never a raw hash.
      const named = await page.locator('#cosell tbody td:first-child').allTextContents();
      assert.deepEqual([...named].sort(), ['Acme, Inc.', 'Initech', 'Umbrella Corp', 'Wayne Enterprises', 'Wonka Industries']);
      assert.equal(await page.locator('#download-hashes').isDisabled(), false);
      const download = page.waitForEvent('download');
      await page.locator('#download-hashes').click();
      const file = await download;
      assert.equal(file.suggestedFilename(), 'account-hashes.csv');

      // Nothing overflows sideways, every control is labelled.
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(widths.scroll <= widths.client, `page is ${widths.scroll}px wide in a ${widths.client}px viewport`);
      const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
        .filter((el) => !(el.labels && el.labels.length > 0) && !el.getAttribute('aria-label'))
        .map((el) => el.id || el.outerHTML.slice(0, 60)));
      assert.deepEqual(unnamed, []);
      await page.screenshot({ path: `${ARTIFACTS}analytics-overlap-360.png`, fullPage: true });
      await check();
    } finally {
      await context.close();
    }
  });

  it('keeps each file\'s own status: a malformed file still says why after another file loads', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const broken = 'Opportunity ID,Amount\r\nX1,"100\r\n';
      await page.setInputFiles('#deals-file', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
      await page.waitForFunction(() => /never closed/.test(document.getElementById('deals-status').textContent));
      await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      await page.waitForFunction(() => /rows/.test(document.getElementById('partners-status').textContent));
      const deals = await text(page, '#deals-status');
      assert.match(deals, /^broken\.csv: not read\. row 2, column 2 "Amount": a quoted field is never closed/);
      assert.equal(await page.locator('#deals-status').evaluate((n) => n.classList.contains('problem')), true);
      assert.match(await text(page, '#partners-status'), /^partners\.csv: \d+ rows$/);
      await check();
    } finally {
      await context.close();
    }
  });

  it('reads a Windows-1252 file with a visible notice, never as "M\uFFFDller"', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      const latin1 = Buffer.from('Company name,Company Domain Name,Lifecycle Stage\r\nM\xfcller GmbH,mueller.example,Customer\r\n', 'latin1');
      await page.setInputFiles('#theirs-file', { name: 'partner-latin1.csv', mimeType: 'text/csv', buffer: latin1 });
      await page.waitForFunction(() => /rows/.test(document.getElementById('theirs-status').textContent));
      assert.match(await text(page, '#theirs-status'), /^partner-latin1\.csv: 1 rows\. partner-latin1\.csv is not UTF-8: read as Windows-1252/);
      await check();
    } finally {
      await context.close();
    }
  });

  it('maps a CRM\'s own source values to the core\'s motions through a control', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.fill('#as-of', '2026-06-30');
      await page.locator('#as-of').dispatchEvent('change');
      await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      const deals = 'Record ID,Partner Account ID,Original Source,Amount,Deal Stage,Close Date\r\n'
        + 'X1,P01,Partner Sourced,1000,Closed Won,2026-01-05\r\n'
        + 'X2,,Offline Sources,3000,Closed Won,2026-02-05\r\n';
      await page.setInputFiles('#deals-file', { name: 'hubspot-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(deals) });
      await page.waitForFunction(() => /unknown-source/.test(document.getElementById('programme-error').textContent));
      assert.match(await text(page, '#programme-error'), /Values of Original Source/);
      await page.locator('#deals-mapping-box summary').click();
      const control = page.getByLabel('Offline Sources', { exact: true });
      await control.selectOption('direct');
      await page.locator('#programme-results').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#programme-error').isHidden(), true);
      assert.match(await text(page, '#m-total-revenue'), /4,000\.00/);
      assert.match(await text(page, '#m-partner-share'), /^25%/);
      await check();
    } finally {
      await context.close();
    }
  });

  it('reads and computes a 100,000-deal file off the main thread, with a progress bar', async () => {
    const { page, context, check } = await watchedPage();
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.fill('#as-of', '2026-06-30');
      await page.locator('#as-of').dispatchEvent('change');
      await page.setInputFiles('#partners-file', `${SAMPLES}partners.csv`);
      const lines = ['Opportunity ID,Partner Account ID,Deal Source,Amount,Stage,Close Date'];
      for (let i = 0; i < 100_000; i += 1) {
        lines.push(`D${i},${i % 3 === 0 ? ',Direct' : `P0${1 + (i % 9)},Partner Sourced`},${100 + (i % 900)},Closed Won,2026-0${1 + (i % 6)}-1${i % 10}`);
      }
      const buffer = Buffer.from(lines.join('\r\n'));
      // Every main-thread long task, with its start.
      await page.evaluate(() => {
        window.tasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.tasks.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask' });
      });
      await page.setInputFiles('#deals-file', { name: 'big-deals.csv', mimeType: 'text/csv', buffer });
      // Handing the test's file to the page is Playwright's own work (a long
      // task that ends before setInputFiles returns); what counts is the
      // page's work from then on: reading, parsing, computing, drawing.
      const from = await page.evaluate(() => performance.now());
      await page.locator('#deals-status progress').waitFor({ state: 'attached', timeout: 10_000 });
      await page.waitForFunction(() => /100,000 rows/.test(document.getElementById('deals-status').textContent), null, { timeout: 120_000 });
      await page.waitForFunction(() => !document.getElementById('programme-results').hidden
        || !document.getElementById('programme-error').hidden, null, { timeout: 120_000 });
      assert.equal(await page.locator('#programme-error').isHidden(), true, await text(page, '#programme-error'));
      const longest = await page.evaluate((t) => Math.max(0, ...window.tasks.filter(([start]) => start >= t).map(([, d]) => d)), from);
      // Parsing and computing on the main thread took one task of seconds.
      assert.ok(longest < 1000, `the main thread was blocked for ${Math.round(longest)} ms`);
      await check();
    } finally {
      await context.close();
    }
  });

  it('exports metrics, scorecards and the co-sell list as CSV and to the clipboard, neutralised', async () => {
    const { page, context, check } = await watchedPage();
    const read = async (download) => {
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8').replace(/^\ufeff/, '');
    };
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.locator('#programme-sample').click();
      await page.locator('#programme-results').waitFor({ state: 'visible' });
      await page.fill('#as-of', '2026-06-30');
      await page.locator('#as-of').dispatchEvent('change');
      await page.waitForFunction(() => /^25\.89%/.test(document.getElementById('m-partner-share').textContent));

      const [metricsFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="metrics"][data-as="csv"]').click()]);
      assert.equal(metricsFile.suggestedFilename(), 'programme-metrics-2026-06-30.csv');
      const metrics = await read(metricsFile);
      assert.equal(metrics.split('\r\n')[0], 'metric,value,currency,from,to');
      assert.match(metrics, /\r\nactivePartners,7,USD,/);

      const [cardsFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="scorecards"][data-as="csv"]').click()]);
      const cards = (await read(cardsFile)).split('\r\n').filter(Boolean);
      assert.equal(cards[0], 'partnerId,name,tier,wonRevenue,nextTier,amountToNextTier,registeredDeals,openPipeline,winRate,commissionEarned,daysToFirstDeal,currency');
      assert.equal(cards.length, 1 + (await page.locator('#scorecards tbody tr').count()));
      assert.match(cards[1], /^P\d+,[^,]+,(Platinum|Gold|Silver|Inactive),\d+\.\d\d,/);

      // Our file names an account with a formula: the export neutralises it.
      const ours = 'Company name,Company Domain Name,Lifecycle Stage\r\n"=HYPERLINK(""http://127.0.0.1/x"")",wayne.example,Opportunity\r\n';
      await page.setInputFiles('#ours-file', { name: 'ours.csv', mimeType: 'text/csv', buffer: Buffer.from(ours) });
      await page.setInputFiles('#theirs-file', `${SAMPLES}partner-accounts.csv`);
      await page.locator('#overlap-results').waitFor({ state: 'visible' });
      const [cosellFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="cosell"][data-as="csv"]').click()]);
      const cosell = await read(cosellFile);
      assert.equal(cosell, 'account,matchedOn,key,ourStatus\r\n"\'=HYPERLINK(""http://127.0.0.1/x"")",domain,wayne.example,opportunity\r\n');

      await page.locator('[data-export="cosell"][data-as="copy"]').click();
      await page.waitForFunction(() => /Copied 1 rows/.test(document.querySelector('[data-export-status="cosell"]').textContent));
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, 'account\tmatchedOn\tkey\tourStatus\r\n"\'=HYPERLINK(""http://127.0.0.1/x"")"\tdomain\twayne.example\topportunity\r\n');
      await check();
    } finally {
      await context.close();
    }
  });

  it('keeps the chart labels readable on a phone (375 px): full size, none overlapping', async () => {
    const { page, context, check } = await watchedPage({ width: 375, height: 800 });
    try {
      await page.goto(new URL('www/analytics/index.html', base).href);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
      await page.locator('#programme-sample').click();
      await page.locator('#programme-results').waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.querySelectorAll('#chart .bars text.axis').length > 0);
      // The redraw at the shown width follows the first draw.
      await page.waitForFunction(() => Math.abs(document.querySelector('#chart svg').viewBox.baseVal.width - document.getElementById('chart').clientWidth) < 8);
      const labels = await page.evaluate(() => [...document.querySelectorAll('#chart .bars text.axis')].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, box: [r.left, r.right, r.top, r.bottom] };
      }));
      for (const l of labels) assert.ok(l.px >= 11, `"${l.text}" is drawn at ${l.px.toFixed(1)} px`);
      const months = labels.filter((l) => /^[A-Za-z]/.test(l.text));
      assert.ok(months.length >= 4, `${months.length} month labels`);
      for (let i = 1; i < months.length; i += 1) {
        const [a, b] = [months[i - 1].box, months[i].box];
        assert.ok(!(a[1] > b[0] && a[3] > b[2] && b[3] > a[2]), `"${months[i - 1].text}" overlaps "${months[i].text}"`);
      }
      await check();
    } finally {
      await context.close();
    }
  });
});
