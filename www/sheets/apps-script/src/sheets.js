// The Google Sheets side of the PARTNER_ functions, bundled with the core by
// scripts/build-apps-script.mjs. Sheets hands a custom function a value, or
// an array of rows for a range, with '' for a blank cell; it shows an error
// only when the function throws, as #ERROR! with the message as its note.
// So: a whole-result error throws an Error whose message starts with the
// kind ('#NUM! out-of-range (rate): ...'); inside a spilled range, where a
// cell cannot hold an error, the cell holds that text.

import { FUNCTIONS, SheetError, toSheetError } from '../../common.js';

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

function toSheets(value) {
  if (value instanceof SheetError) throw new Error(String(value));
  if (Array.isArray(value)) return value.map((row) => row.map((v) => (v instanceof SheetError ? String(v) : v)));
  return value;
}

/** Runs PARTNER_<name> on the arguments Sheets passed. */
export function callFunction(name, args) {
  const f = BY_NAME.get(name);
  if (f === undefined) throw new Error(`#NAME? no function PARTNER_${name}`);
  let value;
  try {
    value = f.impl(...f.params.map((_, i) => (args[i] === undefined ? null : args[i])));
  } catch (err) {
    value = toSheetError(err); // common.js does not throw; this is a guard
  }
  return toSheets(value);
}
