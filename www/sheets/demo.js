// The web-spreadsheet demo: a small editable grid backed by HyperFormula
// (served from node_modules, loaded by demo.html as the HyperFormula global),
// with the PARTNER_ functions registered from ./hyperformula/index.js. Edit a
// cell and every formula that depends on it recomputes. Display formatting
// (Intl.NumberFormat) is the only thing done here.

import { registerPartnerFunctions, FUNCTION_NAMES } from './hyperformula/index.js';

const HEADERS = ['icpMatchPercent', 'buyingTriggersPerQuarter', 'returnMultiple', 'customerOverlapPercent', 'firmType', 'sellsCompetingProduct'];

// The sheet, row by row (A, B, C, ...). B1:G1 is the header row of the prospect table.
const SHEET = [
  ['Partner', ...HEADERS, 'Fit', 'Band', 'Best type', 'Why'],
  ['Northwind Consulting', 55, 3, 2.6, 12, 'Agency', false, '=PARTNER_FIT("referral", B1:G1, B2:G7)', '=PARTNER_BAND("referral", B1:G1, B2:G7)', '=PARTNER_BEST_TYPE(B1:G1, B2:G7)', '=PARTNER_REASONS("referral", B1:G1, B2:G7)'],
  ['Contoso Advisory', 80, 6, 3.1, 30, 'consulting', false],
  ['Fabrikam Apps', 30, 1, 0.9, 4, 'SaaS', false],
  ['Tailspin Integrators', 70, 4, 2.5, 22, 'system integrator', true],
  ['Adatum Digital', 45, null, 1.8, 15, 'Agency', false],
  ['Litware Resale', 10, 0, 0.5, 2, 'reseller', false],
  [],
  ['Partner', 'Revenue (12 mo)', 'Tier', 'Gap to next tier'],
  ['Northwind Consulting', 640000, '=PARTNER_TIER(B10:B14)', '=PARTNER_TIER_GAP(B10:B14)'],
  ['Contoso Advisory', 180000],
  ['Fabrikam Apps', 24000],
  ['Tailspin Integrators', 99000],
  ['Adatum Digital', 30000],
  [],
  ['Return on effort', null, null, 'Referral deal', null, null, 'Programme', null],
  ['Payout per deal', 2000, null, 'First-year value', 40000, null, 'Partners recruited', 40],
  ['Hours per deal', 8, null, 'Referral commission (15%)', '=PARTNER_REFERRAL_COMMISSION(E17, 15%)', null, 'Activation rate', '30%'],
  ['Opportunity cost / h', 300, null, 'Reseller margin (30%)', '=PARTNER_RESELLER_MARGIN(E17, 30%)', null, 'Deals per active partner', 4],
  ['Hourly return', '=PARTNER_HOURLY_RETURN(B17, B18)', null, 'Deal reg. (before contact)', '=PARTNER_DEAL_REG_PAYOUT(E17, "before-contact")', null, 'Average deal size', 25000],
  ['Return multiple', '=PARTNER_RETURN_MULTIPLE(B17, B18, B19)', null, 'Rep payout (10%, sourced)', '=PARTNER_REP_PAYOUT(E17, 10%, "partner-sourced")', null, 'Payout rate', '20%'],
  ['Required payout (2.5x)', '=PARTNER_REQUIRED_PAYOUT(B18, B19)', null, null, null, null, 'Programme cost', 150000],
  [null, null, null, null, null, null, 'Gross margin', '80%'],
  [null, null, null, null, null, null, 'ROI', '=PARTNER_PROGRAM_ROI(H17, H18, H19, H20, H21, H22, H23)'],
];

const COLUMNS = 11;
const ROWS = SHEET.length;
const columnName = (c) => String.fromCharCode(65 + c);

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

function display(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return number.format(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && 'value' in value) return value.value; // a DetailedCellError: #VALUE!, #NUM!, #N/A...
  return String(value);
}

function raw(hf, address) {
  const formula = hf.getCellFormula(address);
  if (formula !== undefined) return formula;
  const v = hf.getCellSerialized(address);
  if (v === null || v === undefined) return '';
  return typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
}

function buildGrid(table) {
  const head = document.createElement('tr');
  head.append(document.createElement('td'));
  for (let c = 0; c < COLUMNS; c++) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = columnName(c);
    head.append(th);
  }
  table.tHead.append(head);
  const cells = [];
  for (let r = 0; r < ROWS; r++) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = String(r + 1);
    tr.append(th);
    const row = [];
    for (let c = 0; c < COLUMNS; c++) {
      const td = document.createElement('td');
      const input = document.createElement('input');
      input.type = 'text';
      input.id = `${columnName(c)}${r + 1}`;
      input.setAttribute('aria-label', `Cell ${input.id}`);
      input.autocomplete = 'off';
      input.spellcheck = false;
      input.dataset.row = String(r);
      input.dataset.col = String(c);
      td.append(input);
      tr.append(td);
      row.push(input);
    }
    table.tBodies[0].append(tr);
    cells.push(row);
  }
  return cells;
}

// Keyboard model, as in Excel: a selected cell shows its value; typing
// replaces its content, Enter or F2 (or a double click) edits it in place;
// while editing, Enter commits and moves down, Tab right, Escape cancels,
// and the arrow keys commit and move unless the edit began with Enter/F2
// (then they move the caret). Without editing, the arrow keys, Tab and
// Enter after an edit move the selection; Delete clears a cell.
const MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

function isErrorValue(value) {
  return value !== null && typeof value === 'object' && 'value' in value;
}

async function main() {
  const status = document.getElementById('status');
  const HyperFormula = globalThis.HyperFormula;
  if (!HyperFormula) throw new Error('HyperFormula did not load (node_modules/hyperformula is missing: run npm install)');
  await registerPartnerFunctions(HyperFormula);
  const hf = HyperFormula.buildFromArray(SHEET, { licenseKey: 'gpl-v3' });
  const cells = buildGrid(document.getElementById('grid'));
  const bar = document.getElementById('formula');
  const barLabel = document.getElementById('formula-cell');
  const info = document.getElementById('cell-info');
  const errorList = document.getElementById('errors');
  let selected = null; // the selected cell (an input)
  let editing = null; // null, 'replace' (began by typing) or 'edit' (Enter, F2, double click)

  const addressOf = (input) => ({ sheet: 0, row: Number(input.dataset.row), col: Number(input.dataset.col) });
  const spilledAt = (address) => hf.getCellFormula(address) === undefined && hf.isCellPartOfArray(address);

  // What the line under the formula bar says about the selected cell: its
  // error and message, or its whole value (long REASONS text included).
  function describeCell(input) {
    const value = hf.getCellValue(addressOf(input));
    if (isErrorValue(value)) return `${input.id}: ${value.value} ${value.message ?? ''}`.trim();
    const text = display(value);
    return text === '' ? `${input.id}: blank` : `${input.id}: ${text}`;
  }

  function render() {
    const errors = [];
    for (const row of cells) {
      for (const input of row) {
        const address = addressOf(input);
        const value = hf.getCellValue(address);
        const td = input.parentElement;
        const isError = isErrorValue(value);
        const formula = hf.getCellFormula(address);
        const spilled = spilledAt(address);
        td.className = [isError ? 'error' : '', formula ? 'formula' : '', spilled ? 'spill' : '', typeof value === 'number' ? 'num' : ''].filter(Boolean).join(' ');
        td.dataset.value = value === null ? '' : isError ? value.value : String(value);
        if (formula) td.dataset.formula = formula;
        else delete td.dataset.formula;
        input.title = isError ? `${value.value} ${value.message}` : formula ?? '';
        if (isError) errors.push({ id: input.id, text: `${value.value} ${value.message ?? ''}`.trim() });
        if (input !== selected || editing === null) input.value = display(value);
      }
    }
    // Every error on the sheet, with its message, in plain sight.
    errorList.replaceChildren(...errors.map((e) => {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = e.id;
      li.append(code, ` ${e.text}`);
      return li;
    }));
    errorList.hidden = errors.length === 0;
    document.getElementById('errors-none').hidden = errors.length !== 0;
    if (selected !== null) info.textContent = describeCell(selected);
  }

  function select(input) {
    selected = input;
    editing = null;
    input.readOnly = true;
    barLabel.textContent = input.id;
    bar.value = raw(hf, addressOf(input));
    bar.readOnly = spilledAt(addressOf(input));
    info.textContent = describeCell(input);
  }

  function beginEdit(input, kind, text) {
    if (spilledAt(addressOf(input))) return false; // part of another cell's result
    editing = kind;
    input.readOnly = false;
    input.value = text ?? raw(hf, addressOf(input));
    const end = input.value.length;
    input.setSelectionRange(end, end);
    bar.value = input.value;
    return true;
  }

  function commit(input) {
    const address = addressOf(input);
    const text = input.value;
    editing = null;
    input.readOnly = true;
    if (text !== raw(hf, address)) hf.setCellContents(address, text.trim() === '' ? null : text);
    render();
    bar.value = raw(hf, address);
  }

  function cancel(input) {
    editing = null;
    input.readOnly = true;
    render();
  }

  function move(input, dr, dc) {
    const next = cells[Number(input.dataset.row) + dr]?.[Number(input.dataset.col) + dc];
    if (next) next.focus();
  }

  for (const row of cells) {
    for (const input of row) {
      input.readOnly = true;
      input.addEventListener('focus', () => select(input));
      input.addEventListener('dblclick', () => beginEdit(input, 'edit'));
      input.addEventListener('input', () => {
        bar.value = input.value;
      });
      input.addEventListener('blur', () => {
        if (editing !== null && selected === input) commit(input);
      });
      input.addEventListener('keydown', (e) => {
        if (e.isComposing) return;
        if (editing !== null) {
          if (e.key === 'Enter' || e.key === 'Tab') {
            e.preventDefault();
            commit(input);
            if (e.key === 'Enter') move(input, e.shiftKey ? -1 : 1, 0);
            else move(input, 0, e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            cancel(input);
          } else if (editing === 'replace' && MOVES[e.key]) {
            e.preventDefault();
            commit(input);
            move(input, ...MOVES[e.key]);
          }
          return;
        }
        if (MOVES[e.key]) {
          e.preventDefault();
          move(input, ...MOVES[e.key]);
        } else if (e.key === 'Tab') {
          e.preventDefault();
          move(input, 0, e.shiftKey ? -1 : 1);
        } else if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault();
          beginEdit(input, 'edit');
        } else if (e.key === 'Delete' || e.key === 'Backspace') {
          e.preventDefault();
          if (spilledAt(addressOf(input))) return;
          if (e.key === 'Backspace') beginEdit(input, 'replace', '');
          else {
            hf.setCellContents(addressOf(input), null);
            render();
            bar.value = '';
          }
        } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
          // A printable key replaces the content, as in a spreadsheet.
          e.preventDefault();
          beginEdit(input, 'replace', e.key);
        }
      });
    }
  }
  // The formula bar edits the selected cell.
  bar.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || selected === null || bar.readOnly) return;
    e.preventDefault();
    const address = addressOf(selected);
    if (bar.value !== raw(hf, address)) hf.setCellContents(address, bar.value.trim() === '' ? null : bar.value);
    render();
    selected.focus();
  });

  render();
  document.getElementById('functions').textContent = FUNCTION_NAMES.join(', ');
  status.textContent = 'Ready: select a cell and type; scores, tiers and payouts recompute.';
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  document.getElementById('status').textContent = `Could not start: ${err.message}`;
  document.body.dataset.ready = 'error';
});
