// <partner-profile-editor> (www/editor/) in headless Chromium, on the demo
// page and in the CRM panel: editing criteria, curve points, category
// values, flags, gates, bands and the missing-data policy; validation
// messages in words at the control (from validateProfile's code and path);
// the live preview against the sample record (through the wrapper); import
// and export of the JSON; keyboard use; axe-core, light and dark.
//
//   node --test tests/browser/profile-editor.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { watchedPage, browserSkip, loadAxe, serveAndLaunch } from './watch.mjs';

const axeSource = await loadAxe();
let browser;
let base;
serveAndLaunch((b, url) => {
  browser = b;
  base = url;
});

async function openDemo(page) {
  await page.goto(new URL('www/index.html', base).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  await page.waitForSelector('#profile-editor[data-ready="true"]', { state: 'attached' });
  await page.locator('#profile-editor-box > summary').click();
  return page.locator('#profile-editor');
}

const control = (editor, path) => editor.locator(`[data-path="${path}"]`);

// The wrapper's own score for a record and profile, formatted like the preview.
function coreScore(page, record, profile) {
  return page.evaluate(async ([r, p]) => {
    const lib = await import('/www/lib/index.js');
    const s = lib.scorePartner(r, p);
    return { score: new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s.score), band: s.band };
  }, [record, profile]);
}

describe('profile editor', { skip: browserSkip }, () => {
  it('edits every part of a profile, with messages at the control and a live preview', async () => {
    const { page, context, check } = await watchedPage(browser);
    try {
      const editor = await openDemo(page);
      const builtin = await page.evaluate(async () => (await import('/www/lib/index.js')).builtinProfiles()[0]);
      assert.equal(await editor.locator('details.ppe-criterion').count(), builtin.criteria.length);
      // Criteria are folded; a summary says what each is.
      assert.equal(await editor.locator('details.ppe-criterion[open]').count(), 0);
      assert.match(await editor.locator('details.ppe-criterion summary').first().textContent(), new RegExp(`Criterion 1: ${builtin.criteria[0].label} range · weight ${builtin.criteria[0].weight}`));
      await editor.evaluate((el) => el.querySelectorAll('details.ppe-criterion').forEach((d) => { d.open = true; }));
      assert.equal(await control(editor, 'criteria[0].label').inputValue(), builtin.criteria[0].label);

      // A weight the core refuses: the message in words, at the control, and in the list.
      const weight = control(editor, 'criteria[0].weight');
      await weight.fill('-3');
      assert.equal(await weight.getAttribute('aria-invalid'), 'true');
      const errorId = (await weight.getAttribute('aria-describedby')).split(' ').pop();
      const inline = editor.locator(`[id="${errorId}"]`);
      assert.match(await inline.textContent(), /^Weight -3 must be more than 0\.$/);
      const item = editor.locator('.ppe-problems li[data-problem-path="criteria[0].weight"]');
      assert.match(await item.locator('.ppe-problem').textContent(), /^Criterion 1 weight: Weight -3 must be more than 0\.$/);
      assert.equal(await item.locator('.ppe-detail').textContent(), 'Code out-of-range, at criteria[0].weight');
      assert.match(await editor.locator('.ppe-band').textContent(), /Fix the problems/);
      // "Go to" unfolds the criterion and moves the focus to the control; the keyboard fixes it.
      await editor.locator('details.ppe-criterion').first().evaluate((d) => { d.open = false; });
      await item.locator('button.ppe-goto').focus();
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'criteria[0].weight');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('60');
      assert.equal(await editor.locator('.ppe-problems li').count(), 0);
      assert.equal(await weight.getAttribute('aria-invalid'), null);

      // Text in a number field: the core's invalid-type, pointed at the curve point.
      const share = control(editor, 'criteria[0].curve[1][1]');
      await share.fill('lots');
      assert.equal(await editor.locator('.ppe-problems li[data-problem-path="criteria[0].curve[1][1]"]').count(), 1);
      await share.fill('2');
      assert.match(await editor.locator('.ppe-problems li').first().textContent(), /Criterion 1, point 2 share: Subscore 2 is outside 0-1/);
      await share.fill('0.5');
      // Add a curve point.
      const points = await editor.locator('details.ppe-criterion').first().locator('[data-path$="][0]"]').count();
      await editor.locator('details.ppe-criterion').first().getByRole('button', { name: 'Add a point' }).click();
      assert.equal(await editor.locator('details.ppe-criterion').first().locator('[data-path$="][0]"]').count(), points + 1);

      // A kind change, category values, a flag gate, a band and the missing-data policy.
      const catIndex = builtin.criteria.findIndex((c) => c.kind === 'category');
      await control(editor, `criteria[${catIndex}].values.agency`).fill('0.2');
      await control(editor, `criteria[${catIndex}].gate.allowed`).fill('consulting, agency');
      const flagIndex = builtin.criteria.findIndex((c) => c.kind === 'flag');
      await control(editor, `criteria[${flagIndex}].gate.required`).selectOption('');
      await control(editor, 'bands[0].min').fill('85');
      await control(editor, 'missing').selectOption('renormalize');
      await control(editor, 'criteria[1].kind').selectOption('flag');
      assert.equal(await control(editor, 'criteria[1].whenTrue').count(), 1);
      assert.equal(await control(editor, 'criteria[1].curve[0][0]').count(), 0);
      await editor.getByRole('button', { name: 'Add a criterion' }).click();
      const added = builtin.criteria.length;
      assert.equal(await page.evaluate(() => document.activeElement.dataset.path), `criteria[${added}].label`);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Speaks our language');
      assert.match(await editor.locator(`details.ppe-criterion[data-index="${added}"] .ppe-title`).textContent(), /Speaks our language/);

      const edited = await editor.evaluate((el) => el.profile);
      assert.equal(edited.criteria[0].weight, 60);
      assert.equal(edited.criteria[0].curve[1][1], 0.5);
      assert.equal(edited.criteria[catIndex].values.agency, 0.2);
      assert.deepEqual(edited.criteria[catIndex].gate, { allowed: ['consulting', 'agency'] });
      assert.equal(edited.criteria[flagIndex].gate, undefined);
      assert.equal(edited.criteria[1].kind, 'flag');
      assert.equal(edited.bands[0].min, 85);
      assert.equal(edited.missing, 'renormalize');
      assert.equal(edited.criteria[added].label, 'Speaks our language');
      assert.deepEqual(await editor.evaluate((el) => el.validation), { ok: true, errors: [] });

      // The preview is the wrapper's score of the sample record with this profile.
      const sample = await editor.evaluate((el) => el.sample);
      const want = await coreScore(page, sample, edited);
      assert.equal(await editor.locator('.ppe-score').textContent(), want.score);
      assert.match(await editor.locator('.ppe-band').textContent(), new RegExp(`^${want.band}`));

      // Export: the JSON and a download named after the id.
      assert.deepEqual(JSON.parse(await editor.locator('textarea.ppe-json').last().inputValue()), edited);
      assert.equal(await editor.locator('a.ppe-download').getAttribute('download'), `${edited.id}.json`);
      assert.match(await editor.locator('a.ppe-download').getAttribute('href'), /^blob:/);

      // "Use this profile": the demo page scores with it.
      await editor.getByRole('button', { name: 'Use this profile' }).click();
      await page.waitForFunction(() => document.getElementById('profile-select').value === '__custom');
      const pageWant = await coreScore(page, JSON.parse(await page.locator('#record-json').inputValue()), edited);
      assert.equal((await page.locator('#score').textContent()).trim(), pageWant.score);

      // Import another profile's JSON.
      const other = await page.evaluate(async () => (await import('/www/lib/index.js')).builtinProfiles()[2]);
      await editor.locator('details.ppe-io summary').click();
      await editor.locator('textarea.ppe-json').last().fill(JSON.stringify(other));
      await editor.getByRole('button', { name: 'Import this JSON' }).click();
      assert.equal(await editor.locator('details.ppe-criterion').count(), other.criteria.length);
      assert.match(await editor.locator('.ppe-status').textContent(), new RegExp(`Imported “${other.name}”`));
      await editor.locator('textarea.ppe-json').last().fill('{ nope');
      await editor.getByRole('button', { name: 'Import this JSON' }).click();
      assert.match(await editor.locator('.ppe-status').textContent(), /not JSON/);

      // Every control has a label; every action is a button.
      const unnamed = await editor.evaluate((el) => [...el.querySelectorAll('input, select, textarea')]
        .filter((c) => !(c.labels && c.labels.length > 0)).map((c) => c.outerHTML.slice(0, 80)));
      assert.deepEqual(unnamed, []);
      await check();
    } finally {
      await context.close();
    }
  });

  it('is the same element in the CRM panel, and stores the edited profile as a custom one', async () => {
    const { page, context, check } = await watchedPage(browser, { viewport: { width: 360, height: 800 } });
    try {
      await page.goto(new URL('www/crm/panel.html', base).href);
      await page.waitForSelector('html[data-first-result]', { timeout: 15_000 });
      await page.locator('#profile-editor-box > summary').click();
      const editor = page.locator('#profile-editor');
      await page.waitForSelector('#profile-editor[data-ready="true"]', { state: 'attached' });
      assert.ok(await editor.locator('details.ppe-criterion').count() > 0);
      await editor.locator('details.ppe-criterion summary').first().click();
      await control(editor, 'name').fill('Our referral profile');
      await control(editor, 'criteria[0].weight').fill('50');
      await editor.getByRole('button', { name: 'Use this profile' }).click();
      await page.waitForFunction(() => document.getElementById('profile-name').textContent.startsWith('Our referral profile'));
      assert.match(await page.locator('#profile-select').inputValue(), /^custom:/);
      const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert.ok(widths[0] <= widths[1], `the panel with the editor fits 360 px (${widths})`);
      await check();
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical axe-core violation, light and dark, 375 and 1280 px', { skip: axeSource === null ? 'axe-core is not installed' : false }, async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const width of [375, 1280]) {
        const { page, context, check } = await watchedPage(browser, { colorScheme, viewport: { width, height: 900 } });
        try {
          const editor = await openDemo(page);
          await editor.locator('details.ppe-criterion summary').first().click();
          await control(editor, 'criteria[0].weight').fill('-1'); // with a message showing
          await page.evaluate(axeSource);
          const violations = await page.evaluate(async () => {
            const r = await window.axe.run(document.getElementById('profile-editor-box'), { resultTypes: ['violations'] });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
          });
          assert.deepEqual(violations, [], `${colorScheme}, ${width}px`);
          await check();
        } finally {
          await context.close();
        }
      }
    }
  });
});
