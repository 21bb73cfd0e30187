// <partner-roi-calculator>: an embeddable, accessible partner-programme ROI
// calculator. It collects inputs, reads what people type in their locale,
// asks the core (through the wrapper) for every figure, and formats the
// core's decimal strings with Intl. It computes no figure itself: the what-if
// comparison is two programRoi calls, the payout range two partnerReturn
// calls, the deal-registration table four dealRegistrationPayout calls.
//
//   import { defineCalculator } from './partner-roi-calculator.js';
//   defineCalculator({ wasm: new URL('../../pkg/partner_scoring_bg.wasm', import.meta.url) });
//
// Attributes, events and theming are documented in README.md beside this file.

import * as core from '../lib/index.js';
import { parseLocaleNumber, parsePlainDecimal, formatForField } from './locale-number.js';
import { percentToFraction } from '../common/decimal-text.js';
import { makeFormatters, checkLocaleCurrency, DASH } from './format.js';
import { STYLES } from './styles.js';

export const TAG = 'partner-roi-calculator';
const SVG = 'http://www.w3.org/2000/svg';
const URL_PREFIX = 'roi-';

/** The seed's figures the component cites, with their sources [S0]. */
export const CITATIONS = {
  source: '[S0] Emily Rodriguez, “Building a Partner Ecosystem That Drives Deals” (updated 10/08/25).',
  share: 'Partner-sourced revenue target: 20–35% of total revenue [S0].',
  multiple: 'Partners need 2.5–3× their opportunity cost to actively prioritise a partnership (PartnerStack, 500+ B2B programmes) [S0].',
  coSell: 'Co-sold deals close 60% faster at 40% higher values than solo deals [S0].',
  faster: 'The “60% faster” is not counted in the figures (the model has no revenue formula for speed): read it as a shorter sales cycle, not as more revenue.',
  certified: 'Certified partners generate 4.3× the revenue of non-certified partners in the same programme (HubSpot Partner Program data) [S0].',
  dealRegistration: 'Deal-registration incentives: 25% before customer contact, 20% after the first meeting, 15% in late-stage evaluation, 10% unregistered [S0].',
};

/**
 * Every input: its core name, attribute and URL names, label, unit, slider
 * range (presentation only; typed values may go beyond) and starting value.
 * Percent fields are shown and written in percent (30) and passed to the
 * core as fractions (0.3) by moving the decimal point, as text.
 */
export const FIELDS = [
  { key: 'partnersRecruited', attr: 'partners-recruited', param: 'partners', group: 'program', label: 'Partners recruited per year', unit: 'count', min: '0', max: '300', step: '1', start: '40' },
  { key: 'activationRate', attr: 'activation-percent', param: 'activation', group: 'program', label: 'Activation rate', unit: 'percent', min: '0', max: '100', step: '1', start: '30', hint: 'Share of recruited partners that bring deals.' },
  { key: 'dealsPerActivePartnerPerYear', attr: 'deals-per-partner', param: 'deals', group: 'program', label: 'Deals per active partner per year', unit: 'count', min: '0', max: '24', step: '0.5', start: '4' },
  { key: 'averageDealSize', attr: 'deal-size', param: 'deal-size', group: 'shared', label: 'Average deal size', unit: 'money', min: '0', max: '200000', step: '500', start: '25000' },
  { key: 'payoutRate', attr: 'payout-percent', param: 'payout', group: 'program', label: 'Payout rate (commission or margin)', unit: 'percent', min: '0', max: '60', step: '1', start: '20', hint: 'What partners earn as a share of each deal.' },
  { key: 'programCostPerYear', attr: 'program-cost', param: 'cost', group: 'program', label: 'Programme cost per year', unit: 'money', min: '0', max: '1000000', step: '5000', start: '150000', hint: 'Team, tools, enablement and marketing.' },
  { key: 'grossMargin', attr: 'gross-margin-percent', param: 'margin', group: 'program', label: 'Gross margin', unit: 'percent', min: '0', max: '100', step: '1', start: '80' },
  { key: 'totalCompanyRevenue', attr: 'company-revenue', param: 'revenue', group: 'program', label: 'Total company revenue', unit: 'money', min: '0', max: '50000000', step: '100000', start: '', optional: true, hint: 'To compare partner-sourced revenue with the 20–35% target.' },
  { key: 'coSellShare', attr: 'co-sell-percent', param: 'co-sell', group: 'coSell', label: 'Share of partner deals co-sold', unit: 'percent', min: '0', max: '100', step: '5', start: '25' },
  { key: 'coSellValueUplift', attr: 'co-sell-uplift-percent', param: 'co-sell-uplift', group: 'coSell', label: 'Value uplift of a co-sold deal', unit: 'percent', min: '0', max: '100', step: '5', start: '40', hint: 'Co-sold deals close at 40% higher values [S0].' },
  { key: 'certifiedShare', attr: 'certified-percent', param: 'certified', group: 'certified', label: 'Share of active partners certified', unit: 'percent', min: '0', max: '100', step: '5', start: '20' },
  { key: 'certifiedMultiplier', attr: 'certified-multiplier', param: 'certified-multiplier', group: 'certified', label: 'Revenue multiple of a certified partner', unit: 'multiple', min: '1', max: '10', step: '0.1', start: '4.3', hint: 'Certified partners generate 4.3× the revenue [S0].' },
  { key: 'payoutPerDeal', attr: 'payout-per-deal', param: 'partner-payout', group: 'partner', label: 'Partner’s payout per deal', unit: 'money', min: '0', max: '20000', step: '100', start: '2000' },
  { key: 'hoursPerDeal', attr: 'hours-per-deal', param: 'hours', group: 'partner', label: 'Partner’s hours per deal', unit: 'hours', min: '0.5', max: '80', step: '0.5', start: '8', hint: 'Identify, qualify, demo, close and implement.' },
  { key: 'opportunityCostPerHour', attr: 'hourly-rate', param: 'hourly-rate', group: 'partner', label: 'Partner’s opportunity cost per hour', unit: 'money', min: '0', max: '1000', step: '5', start: '300', hint: 'What an hour of the partner’s own work earns, e.g. their consulting rate.' },
];
const SPEC = Object.fromEntries(FIELDS.map((f) => [f.key, f]));
const WHAT_IFS = { coSell: 'co-sell', certified: 'certified' };
const STAGES = [
  ['before-contact', 'Registered before customer contact'],
  ['after-first-meeting', 'Registered after the first meeting'],
  ['late-stage', 'Registered in late-stage evaluation'],
  ['unregistered', 'Not registered (claimed after close)'],
];
const VERDICTS = {
  'loses-money': ['Loses money', 'Each deal pays the partner less per hour than their own work.'],
  'under-motivated': ['Will not prioritise you', 'Better than their own work, but under the 2.5–3× partners need [S0].'],
  motivated: ['Will prioritise you', 'At or above the 2.5× that makes partners prioritise a programme [S0].'],
};
const SHARE_VERDICTS = {
  below: 'Below the 20–35% target',
  within: 'Within the 20–35% target',
  above: 'Above the 20–35% target',
};
const MODES = ['program', 'partner', 'both'];
/** What the page says when the core's paybackMonths is null. */
const NEVER = 'Never pays back';

// ---------------------------------------------------------------------------
// Loading the core once per page.

const coreOptions = { wasm: undefined };
let corePromise = null;
function loadCore() {
  if (corePromise === null) {
    corePromise = Promise.resolve(coreOptions.wasm).then((wasm) => core.init(wasm)).then(() => {
      try {
        performance.mark('partner-roi-calculator:core-ready');
      } catch {
        // marks are a nicety
      }
    }).catch((err) => {
      corePromise = null;
      coreOptions.wasm = undefined; // a consumed Response cannot be read twice
      throw err;
    });
  }
  return corePromise;
}

/**
 * Defines the element (once). `wasm` is where the .wasm file is (a URL,
 * bytes, a Response...: anything the wrapper's init() accepts, or a promise
 * of one); without it, the wrapper's own default next to www/lib/.
 */
export function defineCalculator({ wasm, name = TAG } = {}) {
  if (wasm !== undefined && coreOptions.wasm === undefined) coreOptions.wasm = wasm;
  if (!customElements.get(name)) customElements.define(name, class extends PartnerRoiCalculator {});
  return customElements.get(name);
}

let firstResultMarked = false;

// ---------------------------------------------------------------------------
// Small DOM helpers (no innerHTML: every text goes in as text).

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') el.textContent = v;
    else el.setAttribute(k, String(v));
  }
  for (const child of children) el.append(child);
  return el;
}

let sheet = null;
function styleSheet() {
  if (sheet === null) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
  }
  return sheet;
}

// ---------------------------------------------------------------------------

export class PartnerRoiCalculator extends HTMLElement {
  static get observedAttributes() {
    return ['currency', 'locale', 'mode', 'what-ifs', ...FIELDS.map((f) => f.attr)];
  }

  #root;
  #els = {};
  #fields = {};
  #good = {};
  #whatIf = { coSell: false, certified: false };
  #view = 'program';
  #ready = false;
  #connected = false;
  #last = null;
  #urlTimer = null;
  #resolveReady;
  #lastRun = null;
  /** Each field's value when its editing began: what a refused entry falls back to. */
  #editFrom = new Map();
  /** The fields whose typed text is refused: the results do not reflect them. */
  #stale = new Set();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styleSheet()];
    /** Resolves with the first change event's detail. */
    this.ready = new Promise((resolve) => { this.#resolveReady = resolve; });
    this.#build();
  }

  // --- attributes ---------------------------------------------------------

  get #mode() {
    const m = (this.getAttribute('mode') ?? 'both').trim().toLowerCase();
    return MODES.includes(m) ? m : 'both';
  }

  get #locale() {
    const wanted = this.getAttribute('locale') || document.documentElement.lang || navigator.language || 'en-US';
    try {
      return Intl.getCanonicalLocales(wanted)[0] ?? 'en-US';
    } catch {
      return 'en-US';
    }
  }

  get #currency() {
    return (this.getAttribute('currency') || 'USD').trim().toUpperCase();
  }

  get #urlState() {
    return (this.getAttribute('url-state') ?? 'query').trim().toLowerCase() !== 'off';
  }

  /** The last change event's detail (inputs and results as plain data), or null. */
  get scenario() {
    return this.#last === null ? null : structuredClone(this.#last);
  }

  connectedCallback() {
    if (this.#connected) return;
    this.#connected = true;
    if (!this.hasAttribute('data-state')) this.setAttribute('data-state', 'loading');
    this.#applyMode();
    this.#applyLocale();
    loadCore().then(() => this.#start(), (err) => this.#loadFailed(err));
  }

  disconnectedCallback() {
    this.#flushUrl();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (!this.#ready || oldValue === newValue) return;
    if (name === 'mode') {
      this.#applyMode();
      this.#recompute('attribute');
    } else if (name === 'currency' || name === 'locale') {
      this.#applyLocale();
      if (this.getAttribute('data-state') === 'error') {
        this.#start();
        return;
      }
      for (const f of FIELDS) this.#showValue(f.key, this.#good[f.key]);
      if (this.#recompute('attribute')) this.#status('', 'info');
    } else if (name === 'what-ifs') {
      const set = this.#parseWhatIfs(newValue ?? '');
      if (set) this.#setWhatIfs(set);
      this.#recompute('attribute');
    } else {
      const spec = FIELDS.find((f) => f.attr === name);
      if (!spec) return;
      const parsed = this.#readPlain(spec, newValue ?? spec.start);
      if (parsed.ok) {
        this.#showValue(spec.key, parsed.value);
        this.#commit(spec.key, parsed.value, 'attribute');
      }
    }
  }

  // --- building the shadow DOM ---------------------------------------------

  #build() {
    const els = this.#els;
    els.title = h('h2', { class: 'title', id: 'title' }, h('slot', { name: 'title', text: 'Partner programme ROI calculator' }));
    els.intro = h('p', { class: 'intro' }, h('slot', { name: 'intro', text: 'Move the sliders or type your own figures. Every figure is computed exactly by the partner-scoring engine, in this page.' }));

    els.tabProgram = h('button', { type: 'button', role: 'tab', class: 'tab', id: 'tab-program', 'aria-controls': 'panel-program', 'aria-selected': 'true', text: 'Your programme' });
    els.tabPartner = h('button', { type: 'button', role: 'tab', class: 'tab', id: 'tab-partner', 'aria-controls': 'panel-partner', 'aria-selected': 'false', tabindex: '-1', text: 'The partner’s view' });
    els.tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'View' }, els.tabProgram, els.tabPartner);
    for (const tab of [els.tabProgram, els.tabPartner]) {
      tab.addEventListener('click', () => this.#selectView(tab === els.tabProgram ? 'program' : 'partner', true));
      tab.addEventListener('keydown', (e) => this.#tabKey(e));
    }

    // Programme panel
    const programFields = h('fieldset', {}, h('legend', { text: 'Your programme' }));
    els.programFields = programFields;
    for (const f of FIELDS.filter((x) => x.group === 'program' || x.group === 'shared')) programFields.append(this.#field(f));

    els.coSellToggle = h('input', { type: 'checkbox', id: 'whatif-co-sell', 'aria-controls': 'whatif-co-sell-fields', 'aria-describedby': 'cite-co-sell' });
    els.certifiedToggle = h('input', { type: 'checkbox', id: 'whatif-certified', 'aria-controls': 'whatif-certified-fields', 'aria-describedby': 'cite-certified' });
    els.coSellFields = h('div', { id: 'whatif-co-sell-fields', hidden: true }, FIELDS.filter((x) => x.group === 'coSell').map((f) => this.#field(f)));
    els.certifiedFields = h('div', { id: 'whatif-certified-fields', hidden: true }, FIELDS.filter((x) => x.group === 'certified').map((f) => this.#field(f)));
    els.coSellToggle.addEventListener('change', () => this.#toggleWhatIf('coSell', els.coSellToggle.checked));
    els.certifiedToggle.addEventListener('change', () => this.#toggleWhatIf('certified', els.certifiedToggle.checked));
    const whatIfs = h('fieldset', { class: 'whatif' },
      h('legend', { text: 'What if…' }),
      h('label', { class: 'toggle', for: 'whatif-co-sell' }, els.coSellToggle, h('span', { text: 'We co-sell part of the partner deals' })),
      h('p', { class: 'cite', id: 'cite-co-sell', text: `${CITATIONS.coSell} ${CITATIONS.faster}` }),
      els.coSellFields,
      h('label', { class: 'toggle', for: 'whatif-certified' }, els.certifiedToggle, h('span', { text: 'Part of our active partners are certified' })),
      h('p', { class: 'cite', id: 'cite-certified', text: `${CITATIONS.certified} Deals per active partner above are then a non-certified partner’s rate.` }),
      els.certifiedFields,
    );

    const out = (name, label, extra = {}) => h('output', { 'data-out': name, 'aria-label': label, ...extra }, DASH);
    els.out = {};
    const metric = (name, label, wide = false, sub = null) => {
      const o = out(name, label);
      els.out[name] = o;
      return h('div', { class: wide ? 'metric wide' : 'metric' }, h('span', { class: 'k', 'aria-hidden': 'true', text: label }), o, sub);
    };
    const fact = (name, label) => {
      const o = out(name, label);
      els.out[name] = o;
      return [h('dt', { 'aria-hidden': 'true', text: label }), h('dd', {}, o)];
    };

    els.out.shareVerdict = h('span', { class: 'verdict', 'data-out': 'shareVerdict' }, '');
    els.bandMarker = s('rect', { class: 'marker', x: '0', y: '0', width: '1.2', height: '10' });
    els.bandSvg = s('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
      s('rect', { class: 'track', x: '0', y: '2', width: '100', height: '6', rx: '1' }),
      s('rect', { class: 'target', x: String((20 / 60) * 100), y: '2', width: String((15 / 60) * 100), height: '6' }),
      els.bandMarker);
    els.band = h('div', { class: 'band' },
      h('span', { class: 'label', id: 'share-label', text: 'Partner share of company revenue' }), ' ',
      out('partnerRevenueShare', 'Partner share of company revenue', { class: 'share-figure', 'aria-describedby': 'band-hint' }), ' ', els.out.shareVerdict,
      els.bandSvg,
      h('p', { class: 'hint', id: 'band-hint', text: `Scale 0–60%; the shaded band is the 20–35% target [S0].` }));
    els.out.partnerRevenueShare = els.band.querySelector('[data-out="partnerRevenueShare"]');

    els.chartTitle = s('title', { id: 'chart-title', text: 'From partner-sourced revenue to net contribution' });
    els.chartBars = s('g', {});
    els.chartSvg = s('svg', { viewBox: '0 0 360 200', role: 'img', 'aria-labelledby': 'chart-title', focusable: 'false' }, els.chartTitle, els.chartBars);
    els.chart = h('figure', { class: 'chart' }, els.chartSvg);

    // Cumulative cash flow over 24 months: the programme cost paid at the
    // start of each year, the contribution (gross profit less payouts) earned
    // evenly; it crosses zero at the core's payback month.
    els.cashTitle = s('title', { id: 'cash-title', text: 'Cumulative cash flow over 24 months' });
    els.cashPlot = s('g', {});
    els.cashSvg = s('svg', { viewBox: '0 0 360 200', role: 'img', 'aria-labelledby': 'cash-title', focusable: 'false' }, els.cashTitle, els.cashPlot);
    els.out.cashPayback = h('p', { class: 'cash-verdict', 'data-out': 'cashPayback' }, DASH);
    els.cashflow = h('figure', { class: 'cashflow' },
      h('figcaption', { text: 'Cumulative cash flow, first 24 months' }),
      els.cashSvg, els.out.cashPayback,
      h('p', { class: 'hint', text: 'The programme cost is paid at the start of each year; the contribution (gross profit less payouts) comes in evenly over the year.' }));

    els.compareBody = h('tbody');
    els.compare = h('div', { class: 'table-wrap', hidden: true, tabindex: '0', role: 'region', 'aria-label': 'What the what-ifs change' },
      h('table', { class: 'compare' },
        h('caption', { text: 'What the what-ifs change' }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Figure' }), h('th', { scope: 'col', class: 'num', text: 'Without' }), h('th', { scope: 'col', class: 'num', text: 'With what-ifs' }))),
        els.compareBody));

    els.staleProgram = h('p', { class: 'stale-note', id: 'stale-program', hidden: true });
    els.stalePartner = h('p', { class: 'stale-note', id: 'stale-partner', hidden: true });
    const programResults = h('div', { class: 'results', role: 'group', 'aria-label': 'Programme results' },
      els.staleProgram,
      h('div', { class: 'headline' },
        metric('partnerSourcedRevenue', 'Partner-sourced revenue per year', true),
        metric('netContribution', 'Net contribution'),
        metric('roi', 'Return on investment'),
        metric('paybackMonths', 'Payback'),
        metric('costPerPartnerDeal', 'Cost per partner-sourced deal')),
      h('dl', { class: 'facts' },
        fact('partnerPayouts', 'Payouts to partners'),
        fact('grossProfit', 'Gross profit on partner revenue'),
        fact('totalCost', 'Total cost (payouts + programme)'),
        fact('activePartners', 'Active partners'),
        fact('partnerDeals', 'Partner deals per year')),
      els.band,
      els.chart,
      els.cashflow,
      els.compare);

    els.panelProgram = h('section', { id: 'panel-program', role: 'tabpanel', 'aria-labelledby': 'tab-program' },
      h('div', { class: 'panel-grid' }, h('div', { class: 'inputs' }, programFields, whatIfs), programResults));
    els.programResults = programResults;

    // Partner panel
    els.partnerFields = h('fieldset', {}, h('legend', { text: 'The partner’s side of one deal' }),
      FIELDS.filter((x) => x.group === 'partner').map((f) => this.#field(f)));
    els.out.verdict = h('span', { class: 'verdict', 'data-out': 'verdict' }, DASH);
    els.verdictDetail = h('span', { class: 'sub', 'data-out': 'verdictDetail' }, '');
    els.stageBody = h('tbody');
    els.stageCaption = h('caption', { text: 'Deal-registration payouts' });
    const partnerResults = h('div', { class: 'results', role: 'group', 'aria-label': 'Partner results' },
      els.stalePartner,
      h('div', { class: 'headline' },
        metric('hourlyReturn', 'Partner’s hourly return'),
        metric('multiple', 'Multiple of opportunity cost'),
        h('div', { class: 'metric wide' }, h('span', { class: 'k', text: 'Verdict' }),
          h('output', { 'data-out': 'verdictBox', class: 'verdict-box', 'aria-label': 'Verdict' }, els.out.verdict, ' ', els.verdictDetail)),
        metric('requiredPayout', 'Payout per deal that makes this partner prioritise you (2.5–3×)', true),
      ),
      h('dl', { class: 'facts' },
        fact('payoutGap', 'Gap to 2.5× per deal'),
        fact('hours', 'Hours per deal')),
      h('table', { class: 'stages' }, els.stageCaption,
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'When the deal is registered' }), h('th', { scope: 'col', class: 'num', text: 'Rate' }), h('th', { scope: 'col', class: 'num', text: 'Payout' }))),
        els.stageBody),
      h('p', { class: 'hint', text: CITATIONS.dealRegistration }));
    els.panelPartner = h('section', { id: 'panel-partner', role: 'tabpanel', 'aria-labelledby': 'tab-partner', hidden: true },
      h('div', { class: 'panel-grid' }, h('div', { class: 'inputs' }, els.partnerFields), partnerResults));
    els.partnerResults = partnerResults;

    // Sharing, status, notes
    els.shareUrl = h('input', { type: 'text', class: 'share-url', id: 'share-url', readonly: true, 'aria-describedby': 'share-hint' });
    els.copy = h('button', { type: 'button', class: 'action', id: 'copy-link', text: 'Copy link' });
    els.copy.addEventListener('click', () => this.#copyLink());
    els.share = h('div', { class: 'share' },
      h('label', { for: 'share-url', text: 'Link to this scenario' }), els.shareUrl, els.copy,
      h('p', { class: 'hint', id: 'share-hint', text: 'Opening the link restores every value.' }));
    els.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'status' }, 'Loading the calculator…');
    els.noteMultiple = h('p', { text: CITATIONS.multiple });
    els.noteShare = h('p', { text: CITATIONS.share });
    els.notes = h('div', { class: 'notes' },
      els.noteMultiple,
      els.noteShare,
      h('p', { text: `Sources: ${CITATIONS.source}` }));

    // The embedding site's call to action (slot="cta"), shown under the results.
    const ctaSlot = h('slot', { name: 'cta' });
    els.cta = h('div', { class: 'cta', part: 'cta', hidden: true }, ctaSlot);
    ctaSlot.addEventListener('slotchange', () => { els.cta.hidden = ctaSlot.assignedNodes().length === 0; });
    els.calc = h('div', { class: 'calc', part: 'container' },
      els.title, els.intro, els.tabs, els.panelProgram, els.panelPartner, els.status,
      els.cta, els.share, els.notes);
    this.#root.append(els.calc);
  }

  /** One labelled number field with its slider and message. */
  #field(f) {
    const id = `f-${f.key}`;
    const labelId = `l-${f.key}`;
    const errorId = `e-${f.key}`;
    const hintId = `h-${f.key}`;
    const label = h('label', { for: id, id: labelId }, f.label);
    const unitBefore = h('span', { class: 'unit before', 'aria-hidden': 'true', hidden: true });
    const unitAfter = h('span', { class: 'unit', 'aria-hidden': 'true' });
    const input = h('input', {
      type: 'text', inputmode: 'decimal', class: 'num', id, autocomplete: 'off', spellcheck: 'false',
      'aria-describedby': `${f.hint ? `${hintId} ` : ''}${errorId}`, 'data-key': f.key,
    });
    const slider = h('input', {
      type: 'range', id: `s-${f.key}`, min: f.min, max: f.max, step: f.step,
      'aria-labelledby': labelId, 'data-key': f.key,
    });
    const error = h('p', { class: 'error', id: errorId, 'data-error': f.key });
    const wrap = h('div', { class: 'field', 'data-field': f.key },
      h('div', { class: 'field-head' }, label),
      h('div', { class: 'field-row' }, slider, h('div', { class: 'box' }, unitBefore, input, unitAfter)),
      f.hint ? h('p', { class: 'hint', id: hintId, text: f.hint }) : null,
      error);
    input.addEventListener('focus', () => this.#editFrom.set(f.key, this.#good[f.key]));
    input.addEventListener('input', () => this.#typed(f.key));
    input.addEventListener('change', () => this.#typedDone(f.key));
    slider.addEventListener('input', () => this.#slid(f.key));
    this.#fields[f.key] = { spec: f, wrap, label, input, slider, error, unitBefore, unitAfter };
    return wrap;
  }

  // --- layout by mode, locale --------------------------------------------------

  #applyMode() {
    const mode = this.#mode;
    const els = this.#els;
    els.tabs.hidden = mode !== 'both';
    els.noteShare.hidden = mode === 'partner';
    els.share.hidden = !this.#urlState;
    const deal = this.#fields.averageDealSize.wrap;
    if (mode === 'partner') {
      els.partnerFields.append(deal);
      this.#view = 'partner';
    } else {
      const before = this.#fields.payoutRate.wrap;
      els.programFields.insertBefore(deal, before);
      if (mode === 'program') this.#view = 'program';
    }
    for (const panel of [els.panelProgram, els.panelPartner]) {
      if (mode === 'both') {
        panel.setAttribute('role', 'tabpanel');
      } else {
        panel.removeAttribute('role');
      }
    }
    this.#selectView(this.#view, false);
  }

  #applyLocale() {
    const locale = this.#locale;
    const currency = this.#currency;
    const problem = checkLocaleCurrency(locale, currency);
    this.#fmt = makeFormatters(locale, problem ? 'USD' : currency);
    this.#currencyProblem = problem;
    const parts = new Intl.NumberFormat(locale, { style: 'currency', currency: problem ? 'USD' : currency }).formatToParts(1);
    const symbolFirst = parts.findIndex((p) => p.type === 'currency') < parts.findIndex((p) => p.type === 'integer');
    const percentSign = new Intl.NumberFormat(locale, { style: 'percent' }).formatToParts(0.5).find((p) => p.type === 'percentSign')?.value ?? '%';
    for (const { spec, label, unitBefore, unitAfter } of Object.values(this.#fields)) {
      let suffix = '';
      let unitText = '';
      if (spec.unit === 'money') {
        suffix = ` (${currency})`;
        unitText = this.#fmt.currencySymbol;
      } else if (spec.unit === 'percent') {
        suffix = ' (%)';
        unitText = percentSign;
      } else if (spec.unit === 'multiple') {
        unitText = '×';
      } else if (spec.unit === 'hours') {
        unitText = 'h';
      }
      if (spec.optional) suffix = suffix ? `${suffix.slice(0, -1)}, optional)` : ' (optional)';
      label.textContent = spec.label + suffix;
      const before = spec.unit === 'money' && symbolFirst;
      unitBefore.hidden = !before;
      unitBefore.textContent = before ? unitText : '';
      unitAfter.hidden = before || unitText === '';
      unitAfter.textContent = before ? '' : unitText;
    }
  }

  #fmt = makeFormatters('en-US', 'USD');
  #currencyProblem = null;

  // --- views (tabs) -------------------------------------------------------------

  #selectView(view, focus) {
    const els = this.#els;
    const mode = this.#mode;
    if (mode !== 'both') view = mode;
    const changed = this.#view !== view;
    this.#view = view;
    const program = view === 'program';
    els.tabProgram.setAttribute('aria-selected', String(program));
    els.tabPartner.setAttribute('aria-selected', String(!program));
    els.tabProgram.tabIndex = program ? 0 : -1;
    els.tabPartner.tabIndex = program ? -1 : 0;
    els.panelProgram.hidden = !program;
    els.panelPartner.hidden = program;
    if (focus) (program ? els.tabProgram : els.tabPartner).focus();
    if (changed && this.#ready) this.#updateUrl();
  }

  #tabKey(e) {
    const order = ['program', 'partner'];
    let i = order.indexOf(this.#view);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') i = (i + 1) % order.length;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') i = (i + order.length - 1) % order.length;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = order.length - 1;
    else return;
    e.preventDefault();
    this.#selectView(order[i], true);
  }

  // --- start: defaults, attributes, URL --------------------------------------

  #loadFailed(err) {
    const text = String(err?.message ?? err);
    const csp = /wasm-unsafe-eval|Content Security Policy|CompileError|WebAssembly/i.test(`${err?.name} ${text}`)
      && /polic|CSP|unsafe-eval/i.test(text);
    this.setAttribute('data-state', 'error');
    const message = csp
      ? 'This page’s security policy does not allow WebAssembly. Add \'wasm-unsafe-eval\' to its script-src, or embed the calculator with frame.html in an iframe.'
      : `The calculator could not load: ${text}`;
    this.#status(message, 'error');
    this.#els.status.classList.add('load-error');
  }

  #readPlain(spec, text) {
    if (spec.optional && String(text).trim() === '') return { ok: true, value: '' };
    return parsePlainDecimal(text);
  }

  #start() {
    const notes = [];
    const whatIfAttr = this.#parseWhatIfs(this.getAttribute('what-ifs') ?? '');
    this.#setWhatIfs(whatIfAttr ?? { coSell: false, certified: false });
    if (whatIfAttr === null) notes.push('Attribute what-ifs: use “co-sell”, “certified” or both.');
    // Starting values: the built-in defaults, then each attribute, validated
    // like a typed value (a refused one keeps the default).
    this.#good = Object.fromEntries(FIELDS.map((f) => [f.key, f.start]));
    const base = this.#trial(this.#good);
    if (base) {
      // Only a currency the core or Intl does not know gets here.
      this.#ready = true;
      this.setAttribute('data-state', 'error');
      this.#status(base.message, 'error');
      return;
    }
    for (const f of FIELDS) {
      if (!this.hasAttribute(f.attr)) continue;
      const parsed = this.#readPlain(f, this.getAttribute(f.attr));
      const problem = parsed.ok ? this.#trial({ ...this.#good, [f.key]: parsed.value }) : parsed;
      if (problem) notes.push(`Attribute ${f.attr}: ${problem.message}`);
      else this.#good[f.key] = parsed.value;
    }
    for (const f of FIELDS) this.#showValue(f.key, this.#good[f.key]);

    // The scenario in the URL, validated like typed values.
    const fromUrl = this.#urlState ? this.#readUrl() : [];
    this.#ready = true;
    const ok = this.#recompute('load');
    this.setAttribute('data-state', ok ? 'ready' : 'error');
    if (fromUrl.length > 0) {
      this.#status(`${fromUrl.length === 1 ? 'A value' : `${fromUrl.length} values`} in the link could not be used; the defaults are kept: ${fromUrl.join(' ')}`, 'error');
    } else if (notes.length > 0) {
      this.#status(notes.join(' '), 'error');
    } else if (ok) {
      this.#status('', 'info');
    }
  }

  #parseWhatIfs(text) {
    const set = { coSell: false, certified: false };
    const words = String(text).split(/[\s,]+/).filter(Boolean);
    for (const w of words) {
      const low = w.toLowerCase();
      if (low === 'none') continue;
      const key = Object.keys(WHAT_IFS).find((k) => WHAT_IFS[k] === low);
      if (!key) return null;
      set[key] = true;
    }
    return set;
  }

  #setWhatIfs(set) {
    this.#whatIf = { ...set };
    this.#els.coSellToggle.checked = set.coSell;
    this.#els.certifiedToggle.checked = set.certified;
    this.#els.coSellFields.hidden = !set.coSell;
    this.#els.certifiedFields.hidden = !set.certified;
  }

  /** Reads the roi-* query parameters; returns the messages of the refused ones. */
  #readUrl() {
    const problems = [];
    let params;
    try {
      params = new URL(window.location.href).searchParams;
    } catch {
      return problems;
    }
    const view = params.get(`${URL_PREFIX}view`);
    if (view !== null) {
      if (view === 'program' || view === 'partner') this.#selectView(view, false);
      else problems.push(`“${view}” is not a view (program or partner).`);
    }
    const whatIfs = params.get(`${URL_PREFIX}what-if`);
    if (whatIfs !== null) {
      const set = this.#parseWhatIfs(whatIfs);
      if (set) this.#setWhatIfs(set);
      else problems.push(`“${whatIfs}” is not a list of what-ifs (co-sell, certified).`);
    }
    for (const f of FIELDS) {
      const raw = params.get(`${URL_PREFIX}${f.param}`);
      if (raw === null) continue;
      const parsed = this.#readPlain(f, raw);
      let message = null;
      if (!parsed.ok) {
        message = parsed.message;
      } else {
        const problem = this.#trial({ ...this.#good, [f.key]: parsed.value });
        if (problem) message = problem.message;
      }
      if (message === null) {
        this.#good[f.key] = parsed.value;
        this.#showValue(f.key, parsed.value);
      } else {
        const kept = this.#good[f.key] === '' ? 'left blank' : `kept ${this.#displayValue(f.key, this.#good[f.key])}`;
        this.#setError(f.key, `The link’s value “${raw}” was refused (${message}); ${kept}.`, 'url');
        problems.push(`${f.label}: “${raw}”.`);
      }
    }
    return problems;
  }

  // --- input events -------------------------------------------------------------

  #typed(key) {
    const field = this.#fields[key];
    const text = field.input.value;
    let parsed;
    if (field.spec.optional && text.trim() === '') {
      parsed = { ok: true, value: '' };
    } else {
      parsed = parseLocaleNumber(text, this.#locale, {
        percent: field.spec.unit === 'percent',
        currencySymbols: field.spec.unit === 'money' ? [this.#fmt.currencySymbol, this.#currency] : [],
      });
    }
    if (!parsed.ok) {
      this.#refuseTyped(key, parsed.message, parsed.reason);
      return;
    }
    const problem = this.#commit(key, parsed.value, 'input', false);
    if (problem) this.#refuseTyped(key, problem.message, problem.code);
    else this.#syncSlider(key, parsed.value);
  }

  /**
   * A typed entry is refused: the figures must not stay computed from the
   * keystrokes before it ("1,2" on the way to a refused "1,200.50"), so the
   * field falls back to its value from before this edit, the results are
   * recomputed from that and marked out of date until the entry is fixed.
   */
  #refuseTyped(key, message, code) {
    const back = this.#editFrom.get(key) ?? this.#good[key];
    if (back !== this.#good[key] && this.#trial({ ...this.#good, [key]: back }) === null) {
      this.#good = { ...this.#good, [key]: back };
      this.#syncSlider(key, back);
      this.#render(this.#lastRun, 'input');
    }
    this.#setError(key, message, code);
    this.#stale.add(key);
    this.#showStale();
    this.#status(`${this.#fields[key].spec.label}: ${message} The results are out of date until this is fixed.`, 'error');
  }

  /** Shows (or hides) the out-of-date notice over the results, naming the refused fields. */
  #showStale() {
    const labels = [...this.#stale].map((k) => `“${SPEC[k].label}”`);
    const text = labels.length === 0 ? ''
      : `Out of date: these figures are for the last accepted values. Fix ${labels.join(', ')} to update them.`;
    for (const [note, group] of [[this.#els.staleProgram, this.#els.programResults], [this.#els.stalePartner, this.#els.partnerResults]]) {
      note.textContent = text;
      note.hidden = text === '';
      if (text === '') {
        group.removeAttribute('data-stale');
        group.removeAttribute('aria-describedby');
      } else {
        group.setAttribute('data-stale', 'true');
        group.setAttribute('aria-describedby', note.id);
      }
    }
    if (text === '') this.removeAttribute('data-stale');
    else this.setAttribute('data-stale', 'true');
  }

  #typedDone(key) {
    const field = this.#fields[key];
    // Rewrite a valid entry in the locale's own form ("1200.5" → "1,200.5").
    if (!field.wrap.hasAttribute('data-invalid')) {
      this.#showValue(key, this.#good[key]);
      this.#editFrom.set(key, this.#good[key]);
    }
  }

  #slid(key) {
    const field = this.#fields[key];
    const parsed = parsePlainDecimal(field.slider.value);
    if (!parsed.ok) return;
    field.input.value = formatForField(parsed.value, this.#locale);
    this.#commit(key, parsed.value, 'input');
  }

  #toggleWhatIf(which, on) {
    this.#setWhatIfs({ ...this.#whatIf, [which]: on });
    this.#recompute('input');
  }

  /**
   * Tries a new value of one field; keeps it and updates on success. On a
   * refusal it shows the message (unless `report` is false) and returns the
   * problem; it returns null on success.
   */
  #commit(key, value, reason, report = true) {
    const values = { ...this.#good, [key]: value };
    const problem = this.#trial(values);
    if (problem) {
      if (report) {
        this.#setError(key, problem.message, problem.code);
        this.#status(`${this.#fields[key].spec.label}: ${problem.message}`, 'error');
      }
      return problem;
    }
    this.#good = values;
    this.#clearError(key);
    this.#render(this.#lastRun, reason);
    return null;
  }

  #recompute(reason) {
    const problem = this.#trial(this.#good);
    if (problem) {
      this.#status(problem.message, 'error');
      return false;
    }
    this.#render(this.#lastRun, reason);
    return true;
  }

  /**
   * Runs the core on a set of values. Returns null and keeps the results in
   * #lastRun on success; returns {code, message, key} on a refusal.
   */
  #trial(values) {
    if (this.#currencyProblem) return { code: 'unknown-currency', message: this.#currencyProblem, key: null };
    try {
      const inputs = this.#coreInputs(values);
      this.#lastRun = { inputs, results: this.#run(inputs), values };
      return null;
    } catch (err) {
      if (err instanceof core.PartnerScoringError) {
        return { code: err.code, message: this.#friendly(err), key: err.path };
      }
      return { code: 'internal', message: String(err?.message ?? err), key: null };
    }
  }

  #friendly(err) {
    const spec = SPEC[err.path] ?? (err.path === 'contractValue' ? SPEC.averageDealSize : null);
    switch (err.code) {
      case 'negative-amount': return 'Must not be negative.';
      case 'out-of-range':
        if (spec?.unit === 'percent') return 'Must be between 0% and 100%.';
        if (spec?.unit === 'hours' || err.path === 'opportunityCostPerHour') return 'Must be more than 0.';
        return `Out of range: ${err.message}`;
      case 'too-many-digits': return 'Too many digits (at most 28 significant digits).';
      case 'overflow': return 'Too large to compute exactly.';
      case 'unknown-currency': return `Unknown currency “${this.#currency}”.`;
      default: return err.message;
    }
  }

  #coreInputs(values) {
    const currency = this.#currency;
    const v = (key) => (SPEC[key].unit === 'percent' ? percentToFraction(values[key]) : values[key]);
    const program = {
      partnersRecruited: v('partnersRecruited'),
      activationRate: v('activationRate'),
      dealsPerActivePartnerPerYear: v('dealsPerActivePartnerPerYear'),
      averageDealSize: v('averageDealSize'),
      payoutRate: v('payoutRate'),
      programCostPerYear: v('programCostPerYear'),
      grossMargin: v('grossMargin'),
      currency,
    };
    if (values.totalCompanyRevenue !== '') program.totalCompanyRevenue = v('totalCompanyRevenue');
    const whatIfs = {};
    if (this.#whatIf.coSell) {
      whatIfs.coSellShare = v('coSellShare');
      whatIfs.coSellValueUplift = v('coSellValueUplift');
    }
    if (this.#whatIf.certified) {
      whatIfs.certifiedShare = v('certifiedShare');
      whatIfs.certifiedMultiplier = v('certifiedMultiplier');
    }
    const partner = {
      payoutPerDeal: v('payoutPerDeal'),
      hoursPerDeal: v('hoursPerDeal'),
      opportunityCostPerHour: v('opportunityCostPerHour'),
      currency,
    };
    return { program, whatIfs, partner, dealSize: v('averageDealSize'), currency };
  }

  #run(inputs) {
    const mode = this.#mode;
    const results = { program: null, programWithoutWhatIfs: null, partner: null, partnerAtThree: null, dealRegistration: null };
    if (mode !== 'partner') {
      const any = Object.keys(inputs.whatIfs).length > 0;
      results.program = core.programRoi({ ...inputs.program, ...inputs.whatIfs });
      if (any) results.programWithoutWhatIfs = core.programRoi(inputs.program);
    }
    if (mode !== 'program') {
      // The core's default target multiple is the seed's 2.5×; 3× is the top of the range [S0].
      results.partner = core.partnerReturn(inputs.partner);
      results.partnerAtThree = core.partnerReturn({ ...inputs.partner, targetMultiple: '3' });
      results.dealRegistration = STAGES.map(([stage]) => core.dealRegistrationPayout({
        contractValue: inputs.dealSize, stage, currency: inputs.currency,
      }));
    }
    return results;
  }

  // --- messages --------------------------------------------------------------------

  #setError(key, message, code) {
    const field = this.#fields[key];
    field.wrap.setAttribute('data-invalid', code ?? '');
    field.input.setAttribute('aria-invalid', 'true');
    field.error.textContent = message;
  }

  #clearError(key) {
    const field = this.#fields[key];
    if (!field.wrap.hasAttribute('data-invalid')) return;
    field.wrap.removeAttribute('data-invalid');
    field.input.removeAttribute('aria-invalid');
    field.error.textContent = '';
    if (this.#stale.delete(key)) this.#showStale();
    if (!this.#root.querySelector('.field[data-invalid]')) this.#status('', 'info');
  }

  #status(text, kind) {
    const el = this.#els.status;
    el.classList.remove('load-error');
    el.setAttribute('data-kind', kind);
    if (el.textContent !== text) el.textContent = text;
  }

  // --- showing values ---------------------------------------------------------------

  #displayValue(key, value) {
    const spec = SPEC[key];
    if (value === '') return 'not given';
    if (spec.unit === 'money') return this.#fmt.money(value);
    if (spec.unit === 'percent') return this.#fmt.percentExact(percentToFraction(value));
    return this.#fmt.plain(value);
  }

  #showValue(key, value) {
    const field = this.#fields[key];
    field.input.value = formatForField(value, this.#locale);
    this.#syncSlider(key, value);
  }

  #syncSlider(key, value) {
    const field = this.#fields[key];
    const { spec, slider } = field;
    if (value !== '' && spec.unit === 'money') {
      // Presentation only: widen the slider's range for large currencies (JPY).
      let max = Number(spec.max);
      const n = Number(value);
      while (n > max && max < 1e15) max *= 10;
      const scale = max / Number(spec.max);
      if (String(max) !== slider.max) {
        slider.max = String(max);
        slider.step = String(Number(spec.step) * scale);
      }
    }
    slider.value = value === '' ? slider.min : value;
    slider.setAttribute('aria-valuetext', this.#displayValue(key, value));
  }

  // --- rendering results ------------------------------------------------------------

  #render(run, reason) {
    if (run === null) return;
    const { results } = run;
    const f = this.#fmt;
    const o = this.#els.out;
    const set = (name, text) => {
      if (o[name].textContent !== text) o[name].textContent = text;
    };
    if (results.program) {
      const p = results.program;
      set('partnerSourcedRevenue', f.money(p.partnerSourcedRevenue));
      set('netContribution', f.money(p.netContribution));
      o.netContribution.setAttribute('data-sign', p.netContribution.startsWith('-') ? 'negative' : 'positive');
      set('roi', p.roi === null ? `${DASH} (no cost)` : f.percent(p.roi));
      o.roi.setAttribute('data-sign', p.roi !== null && p.roi.startsWith('-') ? 'negative' : 'positive');
      set('paybackMonths', p.paybackMonths === null ? NEVER : f.months(p.paybackMonths));
      set('costPerPartnerDeal', p.costPerPartnerDeal === null ? `${DASH} (no deals)` : f.money(p.costPerPartnerDeal));
      set('partnerPayouts', f.money(p.partnerPayouts));
      set('grossProfit', f.money(p.grossProfit));
      set('totalCost', f.money(p.totalCost));
      for (const name of ['activePartners', 'partnerDeals']) {
        set(name, f.wholeCount(p[name]));
        const exact = f.count(p[name]);
        if (exact !== f.wholeCount(p[name])) o[name].setAttribute('title', `Expected: ${exact}`);
        else o[name].removeAttribute('title');
      }
      this.#renderShare(p);
      this.#renderChart(p);
      this.#renderCashFlow(p, run.inputs.program.programCostPerYear);
      this.#renderCompare(results.programWithoutWhatIfs, p);
    }
    if (results.partner) {
      const r = results.partner;
      set('hourlyReturn', f.perHour(r.hourlyReturn));
      set('multiple', f.multiple(r.multiple));
      const [verdict, detail] = VERDICTS[r.verdict] ?? [r.verdict, ''];
      set('verdict', verdict);
      o.verdict.setAttribute('data-verdict', r.verdict);
      this.#els.verdictDetail.textContent = detail;
      set('requiredPayout', `${f.money(r.requiredPayoutPerDeal)} – ${f.money(results.partnerAtThree.requiredPayoutPerDeal)}`);
      set('payoutGap', f.money(r.payoutGap));
      set('hours', f.hours(r.hours));
      this.#renderStages(results.dealRegistration);
    }
    const detail = this.#detail(run, reason);
    this.#last = detail;
    if (!firstResultMarked) {
      firstResultMarked = true;
      try {
        performance.mark('partner-roi-calculator:first-result');
      } catch {
        // marks are a nicety
      }
    }
    this.#updateUrl();
    this.dispatchEvent(new CustomEvent('change', { detail, bubbles: true, composed: true }));
    this.#resolveReady(structuredClone(detail));
  }

  #renderShare(p) {
    const o = this.#els.out;
    if (p.partnerRevenueShare === null) {
      o.partnerRevenueShare.textContent = DASH;
      o.shareVerdict.textContent = 'Add total company revenue to compare with the 20–35% target [S0].';
      o.shareVerdict.removeAttribute('data-verdict');
      o.shareVerdict.classList.remove('verdict');
      this.#els.bandSvg.setAttribute('visibility', 'hidden');
      return;
    }
    o.partnerRevenueShare.textContent = this.#fmt.percent(p.partnerRevenueShare);
    o.shareVerdict.classList.add('verdict');
    o.shareVerdict.textContent = SHARE_VERDICTS[p.shareVerdict] ?? String(p.shareVerdict);
    o.shareVerdict.setAttribute('data-verdict', p.shareVerdict);
    this.#els.bandSvg.removeAttribute('visibility');
    // Presentation: place the marker on a 0-60% scale.
    const x = Math.min(100, Math.max(0, (Number(p.partnerRevenueShare) / 0.6) * 100));
    this.#els.bandMarker.setAttribute('x', String(Math.min(98.8, x)));
  }

  #renderChart(p) {
    const f = this.#fmt;
    const bars = [
      ['revenue', 'Revenue', p.partnerSourcedRevenue],
      ['profit', 'Gross profit', p.grossProfit],
      ['cost', 'Payouts', p.partnerPayouts],
      ['cost', 'Total cost', p.totalCost],
      ['net', 'Net', p.netContribution],
    ];
    // Presentation: scale the core's strings to pixels.
    const nums = bars.map(([, , v]) => Number(v));
    const top = Math.max(0, ...nums);
    const bottom = Math.min(0, ...nums);
    const range = top - bottom || 1;
    const plotTop = 24;
    const plotHeight = 140;
    const zero = plotTop + (top / range) * plotHeight;
    const slot = 360 / bars.length;
    const g = this.#els.chartBars;
    if (g.childNodes.length === 0) {
      g.append(s('line', { class: 'axis', x1: '0', x2: '360', y1: '0', y2: '0' }));
      bars.forEach(([cls, name]) => {
        g.append(s('g', { class: 'slot' },
          s('rect', { class: `bar ${cls}`, x: '0', y: '0', width: '0', height: '0', rx: '3' }),
          s('text', { class: 'value', 'text-anchor': 'middle' }),
          s('text', { class: 'name', 'text-anchor': 'middle', text: name })));
      });
    }
    const [axis, ...slots] = g.children;
    axis.setAttribute('y1', zero.toFixed(1));
    axis.setAttribute('y2', zero.toFixed(1));
    bars.forEach(([, , value], i) => {
      const [rect, label, name] = slots[i].children;
      const n = nums[i];
      const hgt = (Math.abs(n) / range) * plotHeight;
      const x = i * slot + slot * 0.18;
      const w = slot * 0.64;
      const y = n >= 0 ? zero - hgt : zero;
      rect.setAttribute('x', x.toFixed(1));
      rect.setAttribute('width', w.toFixed(1));
      rect.setAttribute('y', y.toFixed(1));
      rect.setAttribute('height', Math.max(hgt, 0.5).toFixed(1));
      rect.setAttribute('data-sign', n < 0 ? 'negative' : 'positive');
      label.textContent = f.moneyCompact(value);
      label.setAttribute('x', (x + w / 2).toFixed(1));
      label.setAttribute('y', (n >= 0 ? y - 6 : y + hgt + 14).toFixed(1));
      name.setAttribute('x', (x + w / 2).toFixed(1));
      name.setAttribute('y', '196');
    });
    this.#els.chartTitle.textContent = `Chart: revenue ${f.money(p.partnerSourcedRevenue)}, gross profit ${f.money(p.grossProfit)}, payouts ${f.money(p.partnerPayouts)}, total cost ${f.money(p.totalCost)}, net contribution ${f.money(p.netContribution)}.`;
  }

  #renderCashFlow(p, programCost) {
    const f = this.#fmt;
    // Presentation only (pixels): the line joins the core's figures. At
    // month 0 the year's cost is out (−cost); by month 12 the year's net
    // contribution is in (the core's netContribution); the second year's
    // cost is then paid and the second year ends at twice the net.
    const cost = Number(programCost);
    const net = Number(p.netContribution);
    const points = [[0, -cost], [12, net], [12, net - cost], [24, 2 * net]];
    const ys = [0, ...points.map(([, v]) => v)];
    const top = Math.max(...ys);
    const bottom = Math.min(...ys);
    const range = top - bottom || 1;
    const x = (m) => 34 + (m / 24) * 312;
    const y = (v) => 18 + ((top - v) / range) * 150;
    const g = this.#els.cashPlot;
    const zero = y(0).toFixed(1);
    const children = [
      s('line', { class: 'axis', x1: x(0).toFixed(1), x2: x(24).toFixed(1), y1: zero, y2: zero }),
      s('text', { class: 'name', x: '30', y: (Number(zero) + 4).toFixed(1), 'text-anchor': 'end', text: '0' }),
    ];
    for (const m of [0, 6, 12, 18, 24]) {
      children.push(s('text', { class: 'name', x: x(m).toFixed(1), y: '186', 'text-anchor': 'middle', text: String(m) }));
    }
    children.push(s('text', { class: 'name', x: x(24).toFixed(1), y: '198', 'text-anchor': 'end', text: 'months' }));
    const d = points.map(([m, v], i) => `${i === 0 ? 'M' : 'L'}${x(m).toFixed(1)} ${y(v).toFixed(1)}`).join(' ');
    children.push(s('path', { class: 'cash-line', d, 'data-sign': net > 0 ? 'positive' : 'negative' }));
    children.push(s('text', { class: 'value', x: (x(12) - 6).toFixed(1), y: (y(net) + (net >= 0 ? -6 : 14)).toFixed(1), 'text-anchor': 'end', text: `Year 1: ${f.moneyCompact(p.netContribution)}` }));
    let verdict;
    if (p.paybackMonths === null) {
      verdict = `${NEVER}: the yearly cost is not covered at these figures.`;
      children.push(s('text', { class: 'never', x: x(12).toFixed(1), y: '40', 'text-anchor': 'middle', 'data-payback': 'never', text: 'Never pays back' }));
    } else if (Number(p.paybackMonths) <= 24) {
      verdict = `Pays back after ${f.months(p.paybackMonths)}.`;
      const px = x(Number(p.paybackMonths)).toFixed(1);
      children.push(s('circle', { class: 'payback', cx: px, cy: zero, r: '5', 'data-month': p.paybackMonths }));
      children.push(s('text', { class: 'value', x: px, y: (Number(zero) - 10).toFixed(1), 'text-anchor': 'middle', text: `Payback ${f.months(p.paybackMonths)}` }));
    } else {
      verdict = `Pays back after ${f.months(p.paybackMonths)}, beyond this chart.`;
    }
    g.replaceChildren(...children);
    this.#els.out.cashPayback.textContent = verdict;
    this.#els.cashTitle.textContent = `Cumulative cash flow over 24 months, starting at minus ${f.money(programCost)}; year 1 ends at ${f.money(p.netContribution)}. ${verdict}`;
  }

  #renderCompare(without, withWhatIfs) {
    const table = this.#els.compare;
    if (without === null) {
      table.hidden = true;
      return;
    }
    table.hidden = false;
    const f = this.#fmt;
    const rows = [
      ['Partner-sourced revenue', (r) => f.money(r.partnerSourcedRevenue)],
      ['Partner deals per year', (r) => f.count(r.partnerDeals)],
      ['Net contribution', (r) => f.money(r.netContribution)],
      ['Return on investment', (r) => (r.roi === null ? DASH : f.percent(r.roi))],
      ['Payback', (r) => (r.paybackMonths === null ? NEVER : f.months(r.paybackMonths))],
    ];
    const body = this.#els.compareBody;
    body.replaceChildren(...rows.map(([name, fmt]) => h('tr', {},
      h('th', { scope: 'row', text: name }),
      h('td', { class: 'num', text: fmt(without) }),
      h('td', { class: 'num', text: fmt(withWhatIfs) }))));
  }

  #renderStages(rows) {
    const f = this.#fmt;
    this.#els.stageCaption.textContent = `Deal-registration payouts on a ${f.money(this.#lastRun.inputs.dealSize)} deal`;
    const body = this.#els.stageBody;
    const labels = Object.fromEntries(STAGES);
    const existing = body.children;
    rows.forEach((r, i) => {
      let tr = existing[i];
      if (!tr) {
        tr = h('tr', { 'data-stage': r.stage }, h('th', { scope: 'row', text: labels[r.stage] ?? r.stage }), h('td', { class: 'num' }), h('td', { class: 'num' }));
        body.append(tr);
      }
      tr.children[1].textContent = f.percent(r.rate);
      tr.children[2].textContent = f.money(r.payout);
    });
  }

  // --- the change event and the URL --------------------------------------------------

  #detail(run, reason) {
    const { inputs, results } = run;
    const mode = this.#mode;
    return structuredClone({
      reason,
      mode,
      view: this.#view,
      locale: this.#locale,
      currency: this.#currency,
      whatIfs: { ...this.#whatIf },
      values: Object.fromEntries(FIELDS.map((f) => [f.key, run.values[f.key]])),
      inputs: {
        program: mode === 'partner' ? null : { ...inputs.program, ...inputs.whatIfs },
        programWithoutWhatIfs: mode === 'partner' || results.programWithoutWhatIfs === null ? null : inputs.program,
        partner: mode === 'program' ? null : inputs.partner,
        dealRegistration: mode === 'program' ? null : { contractValue: inputs.dealSize, currency: inputs.currency },
      },
      results,
    });
  }

  /** The shareable URL of the current scenario. */
  get shareUrl() {
    return this.#scenarioUrl().href;
  }

  #scenarioUrl() {
    const url = new URL(window.location.href);
    for (const name of [...url.searchParams.keys()]) {
      if (name.startsWith(URL_PREFIX)) url.searchParams.delete(name);
    }
    const mode = this.#mode;
    if (mode === 'both') url.searchParams.set(`${URL_PREFIX}view`, this.#view);
    if (mode !== 'partner') {
      const list = Object.keys(WHAT_IFS).filter((k) => this.#whatIf[k]).map((k) => WHAT_IFS[k]);
      url.searchParams.set(`${URL_PREFIX}what-if`, list.length ? list.join(',') : 'none');
    }
    for (const f of FIELDS) {
      const used = (f.group === 'shared')
        || (f.group === 'program' && mode !== 'partner')
        || (f.group === 'partner' && mode !== 'program')
        || (f.group === 'coSell' && mode !== 'partner' && this.#whatIf.coSell)
        || (f.group === 'certified' && mode !== 'partner' && this.#whatIf.certified);
      // An optional field left blank is written blank, so that the link
      // does not bring back a starting value the visitor removed.
      if (used) url.searchParams.set(`${URL_PREFIX}${f.param}`, this.#good[f.key]);
    }
    return url;
  }

  #updateUrl() {
    const url = this.#scenarioUrl();
    this.#els.shareUrl.value = url.href;
    if (!this.#urlState) return;
    clearTimeout(this.#urlTimer);
    // Debounced: a dragged slider fires many input events, and browsers
    // throttle history updates.
    this.#urlTimer = setTimeout(() => this.#flushUrl(), 150);
  }

  #flushUrl() {
    clearTimeout(this.#urlTimer);
    this.#urlTimer = null;
    if (!this.#ready || !this.#urlState) return;
    const href = this.#scenarioUrl().href;
    if (href !== window.location.href) {
      try {
        window.history.replaceState(window.history.state, '', href);
      } catch {
        // a sandboxed frame may refuse; the share field still has the link
      }
    }
  }

  async #copyLink() {
    const input = this.#els.shareUrl;
    this.#flushUrl();
    try {
      await navigator.clipboard.writeText(input.value);
      this.#status('Link copied.', 'info');
    } catch {
      input.focus();
      input.select();
      this.#status('Press Ctrl+C (⌘C) to copy the selected link.', 'info');
    }
  }
}
