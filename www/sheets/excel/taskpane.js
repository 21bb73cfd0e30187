// The task pane, in the add-in's shared runtime with functions.js: picks the
// active profile (used when a formula's profile_id is blank) and imports a
// custom profile, checked by the core, kept in the runtime's localStorage.

import * as lib from '../../lib/index.js';
import * as common from '../common.js';
import './functions.js'; // registers the custom functions in this runtime

const STORE = 'partner-scoring.sheets';
const $ = (id) => document.getElementById(id);

function load() {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(STORE) ?? '{}');
  } catch {
    return {};
  }
}

function save() {
  const saved = load();
  saved.active = common.getActiveProfile();
  globalThis.localStorage?.setItem(STORE, JSON.stringify(saved));
}

function saveProfile(profile) {
  const saved = load();
  saved.profiles = { ...(saved.profiles ?? {}), [profile.id]: profile };
  globalThis.localStorage?.setItem(STORE, JSON.stringify(saved));
}

function say(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

function fillSelect() {
  const select = $('profile');
  select.replaceChildren(...common.profileIds().map((id) => new Option(id, id)));
  select.value = common.getActiveProfile();
}

// Formulas with a blank profile_id read the active profile: recalculate them.
async function recalculate() {
  const Excel = globalThis.Excel;
  if (!Excel?.run) return;
  await Excel.run(async (context) => {
    context.workbook.application.calculate(Excel.CalculationType.full);
    await context.sync();
  });
}

function importText(text) {
  let profile;
  try {
    profile = JSON.parse(text);
  } catch (err) {
    say(`Not JSON: ${err.message}`, true);
    return;
  }
  const check = lib.validateProfile(profile);
  if (!check.ok) {
    say(check.errors.map((e) => `${e.code} at ${e.path || '(profile)'}: ${e.message}`).join('\n'), true);
    return;
  }
  const id = common.importProfile(profile);
  saveProfile(profile);
  common.setActiveProfile(id);
  save();
  fillSelect();
  say(`Imported "${id}"; it is now the active profile.`);
  recalculate().catch((err) => say(`Imported, but Excel did not recalculate: ${err.message}`, true));
}

async function main() {
  await lib.init();
  const saved = load();
  for (const profile of Object.values(saved.profiles ?? {})) {
    try {
      common.importProfile(profile);
    } catch {
      // a stored profile that no longer validates is skipped
    }
  }
  if (saved.active && common.profileIds().includes(saved.active)) common.setActiveProfile(saved.active);
  fillSelect();

  $('profile').addEventListener('change', (e) => {
    common.setActiveProfile(e.target.value);
    save();
    say(`Active profile: ${e.target.value}.`);
    recalculate().catch((err) => say(`Excel did not recalculate: ${err.message}`, true));
  });
  $('import').addEventListener('click', () => importText($('profile-json').value));
  $('profile-file').addEventListener('change', async (e) => {
    const file = e.target.files?.[0];
    if (file) importText(await file.text());
  });
  $('copy-builtin').addEventListener('click', () => {
    const id = common.getActiveProfile();
    const builtin = lib.builtinProfiles().find((p) => p.id === id);
    $('profile-json').value = JSON.stringify(builtin ?? { id }, null, 2);
    say(builtin ? `Copied "${id}"; change its id before importing it as your own.` : `"${id}" is a custom profile.`);
  });
}

if (globalThis.Office?.onReady) globalThis.Office.onReady(() => main().catch((err) => say(err.message, true)));
else main().catch((err) => say(err.message, true));
