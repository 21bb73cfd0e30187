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

async function main() {
  const status = document.getElementById('status');
  const HyperFormula = globalThis.HyperFormula;
  if (!HyperFormula) throw new Error('HyperFormula did not load (node_modules/hyperformula is missing: run npm install)');
  await registerPartnerFunctions(HyperFormula);
  const hf = HyperFormula.buildFromArray(SHEET, { licenseKey: 'gpl-v3' });
  const cells = buildGrid(document.getElementById('grid'));
  const bar = document.getElementById('formula');
  const barLabel = document.getElementById('formula-cell');
  let active = null; // the cell being edited
  let target = null; // the cell the formula bar shows

  const addressOf = (input) => ({ sheet: 0, row: Number(input.dataset.row), col: Number(input.dataset.col) });

  function render() {
    for (const row of cells) {
      for (const input of row) {
        const address = addressOf(input);
        const value = hf.getCellValue(address);
        const td = input.parentElement;
        const isError = value !== null && typeof value === 'object' && 'value' in value;
        const formula = hf.getCellFormula(address);
        const spilled = formula === undefined && hf.isCellPartOfArray(address);
        td.className = [isError ? 'error' : '', formula ? 'formula' : '', spilled ? 'spill' : '', typeof value === 'number' ? 'num' : ''].filter(Boolean).join(' ');
        td.dataset.value = value === null ? '' : isError ? value.value : String(value);
        if (formula) td.dataset.formula = formula;
        else delete td.dataset.formula;
        input.title = isError ? `${value.value} ${value.message}` : formula ?? '';
        input.readOnly = spilled; // part of another cell's result
        if (input !== active) input.value = display(value);
      }
    }
  }

  function commit(input) {
    const address = addressOf(input);
    const text = input.value;
    if (text !== raw(hf, address)) hf.setCellContents(address, text.trim() === '' ? null : text);
  }

  for (const row of cells) {
    for (const input of row) {
      input.addEventListener('focus', () => {
        active = input;
        target = input;
        input.value = raw(hf, addressOf(input));
        barLabel.textContent = input.id;
        bar.value = input.value;
        bar.readOnly = input.readOnly;
        input.select();
      });
      input.addEventListener('input', () => {
        bar.value = input.value;
      });
      input.addEventListener('blur', () => {
        if (active === input) active = null;
        if (!input.readOnly) commit(input);
        render();
      });
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === 'Tab') {
          e.preventDefault();
          const r = Number(input.dataset.row) + (e.key === 'Enter' ? (e.shiftKey ? -1 : 1) : 0);
          const c = Number(input.dataset.col) + (e.key === 'Tab' ? (e.shiftKey ? -1 : 1) : 0);
          (cells[r]?.[c] ?? input).focus();
          if (cells[r]?.[c] === undefined) input.blur();
        } else if (e.key === 'Escape') {
          input.value = raw(hf, addressOf(input));
          input.blur();
        }
      });
    }
  }
  // The formula bar edits the last cell that had focus.
  bar.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || target === null || target.readOnly) return;
    e.preventDefault();
    const address = addressOf(target);
    if (bar.value !== raw(hf, address)) hf.setCellContents(address, bar.value.trim() === '' ? null : bar.value);
    render();
    target.focus();
  });

  render();
  document.getElementById('functions').textContent = FUNCTION_NAMES.join(', ');
  status.textContent = 'Ready: edit any cell; scores, tiers and payouts recompute.';
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  document.getElementById('status').textContent = `Could not start: ${err.message}`;
  document.body.dataset.ready = 'error';
});
