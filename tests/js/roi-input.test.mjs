// The ROI calculator's input handling and formatting in Node (full ICU):
// locale-aware reading of typed numbers into plain decimal strings, the
// exact percent shift, and Intl formatting of the core's decimal strings.
//
//   node --test tests/js/roi-input.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseLocaleNumber, parsePlainDecimal, formatForField, numberConventions,
} from '../../www/roi/locale-number.js';
import { shiftDecimal, percentToFraction, fractionToPercent } from '../../www/common/decimal-text.js';
import { shiftDecimal as fieldmapShift } from '../../www/crm/fieldmap.js';
import { makeFormatters, checkLocaleCurrency } from '../../www/roi/format.js';

const ok = (text, locale, options) => {
  const r = parseLocaleNumber(text, locale, options);
  assert.equal(r.ok, true, `${JSON.stringify(text)} in ${locale}: ${r.message}`);
  return r.value;
};
const refused = (text, locale, options) => {
  const r = parseLocaleNumber(text, locale, options);
  assert.equal(r.ok, false, `${JSON.stringify(text)} in ${locale} should be refused, got ${r.value}`);
  assert.ok(r.message.length > 0);
  return r;
};

describe('parseLocaleNumber', () => {
  it('reads each locale’s own grouping and decimals', () => {
    assert.equal(ok('1,200.50', 'en-US'), '1200.50');
    assert.equal(ok('1.200,50', 'de-DE'), '1200.50');
    assert.equal(ok('1 200,50', 'fr-FR'), '1200.50');
    assert.equal(ok('1\u202f200,50', 'fr-FR'), '1200.50');
    assert.equal(ok('1\u00a0200,50', 'fr-FR'), '1200.50');
    assert.equal(ok('12,00,000.5', 'en-IN'), '1200000.5');
    assert.equal(ok('1’234.5', 'de-CH'), '1234.5');
    assert.equal(ok("1'234.5", 'de-CH'), '1234.5');
    assert.equal(ok('1,234,567', 'ja-JP'), '1234567');
    assert.equal(ok('١٬٢٣٤٫٥', 'ar-EG'), '1234.5');
  });

  it('reads plain and partial forms without inventing digits', () => {
    assert.equal(ok('1200', 'de-DE'), '1200');
    assert.equal(ok('1200.5', 'en-US'), '1200.5');
    assert.equal(ok('  42  ', 'en-US'), '42');
    assert.equal(ok('007', 'en-US'), '7');
    assert.equal(ok('0,5', 'de-DE'), '0.5');
    assert.equal(ok(',5', 'de-DE'), '0.5');
    assert.equal(ok('12.', 'en-US'), '12');
    assert.equal(ok('1.500', 'de-DE'), '1500');
    assert.equal(ok('1,500', 'en-US'), '1500');
    assert.equal(ok('1.50', 'en-US'), '1.50', 'trailing zeros are kept as typed');
    assert.equal(ok('12345678901234567890.123456789', 'en-US'), '12345678901234567890.123456789', 'no float in between');
  });

  it('passes a minus sign on, for the core to refuse as a negative amount', () => {
    assert.equal(ok('-5', 'en-US'), '-5');
    assert.equal(ok('−1.234,5', 'de-DE'), '-1234.5');
  });

  it('strips a currency symbol and a percent sign where allowed', () => {
    assert.equal(ok('$1,200', 'en-US', { currencySymbols: ['$', 'USD'] }), '1200');
    assert.equal(ok('1.200,50 €', 'de-DE', { currencySymbols: ['€', 'EUR'] }), '1200.50');
    assert.equal(ok('USD 300', 'en-US', { currencySymbols: ['$', 'USD'] }), '300');
    assert.equal(ok('30%', 'en-US', { percent: true }), '30');
    assert.equal(ok('30 %', 'de-DE', { percent: true }), '30');
    refused('30%', 'en-US');
    refused('$5', 'en-US');
  });

  it('refuses another locale’s form instead of misreading it', () => {
    const r = refused('1,200.50', 'de-DE');
    assert.equal(r.reason, 'ambiguous');
    assert.match(r.message, /In de-DE, a point groups thousands and a comma marks decimals: write it like 1\.234,5\./);
    refused('1.200,50', 'en-US');
    refused('1.5', 'de-DE');      // one and a half, or fifteen hundred?
    refused('1,5', 'en-US');
    refused('1,20', 'en-US');
    refused('1,2345', 'en-US');
    refused('1,200,000', 'en-IN'); // Indian grouping is 12,00,000
    refused('1 200', 'en-US');
    refused('1.2.3', 'en-US');
    refused('1.200', 'fr-FR');
    // By the locale's own rules a comma is the decimal separator in fr-FR;
    // the field is rewritten as "1,2" on leaving it, so the reading shows.
    assert.equal(ok('1,200', 'fr-FR'), '1.200');
  });

  it('refuses what is not a number', () => {
    assert.equal(refused('', 'en-US').reason, 'empty');
    assert.equal(refused('   ', 'en-US').reason, 'empty');
    assert.equal(refused('-', 'en-US').reason, 'empty');
    assert.equal(refused('abc', 'en-US').reason, 'malformed');
    assert.equal(refused('1e3', 'en-US').reason, 'malformed');
    assert.equal(refused('0x10', 'en-US').reason, 'malformed');
    assert.equal(refused('Infinity', 'en-US').reason, 'malformed');
    assert.equal(refused('12abc', 'de-DE').reason, 'malformed');
    refused(',', 'de-DE');
  });

  it('refuses shorthand for thousands and millions ("150k"), never reading it as 150', () => {
    for (const [typed, locale] of [['150k', 'en-US'], ['150K', 'en-US'], ['2.5M', 'en-US'], ['1 bn', 'en-US'], ['150 Mio', 'de-DE'], ['1,5 Mrd.', 'de-DE']]) {
      const r = refused(typed, locale);
      assert.equal(r.reason, 'malformed', typed);
      assert.match(r.message, /letter for thousands or millions/, typed);
    }
  });
});

describe('parsePlainDecimal (URL and attribute values)', () => {
  it('takes plain decimals only', () => {
    assert.deepEqual(parsePlainDecimal('25000'), { ok: true, value: '25000' });
    assert.deepEqual(parsePlainDecimal('4.5'), { ok: true, value: '4.5' });
    assert.deepEqual(parsePlainDecimal('.5'), { ok: true, value: '0.5' });
    assert.deepEqual(parsePlainDecimal('-3'), { ok: true, value: '-3' });
    for (const bad of ['', 'abc', '1,000', '1e3', '1.2.3', '+5', 'NaN', '1 000']) {
      assert.equal(parsePlainDecimal(bad).ok, false, bad);
    }
  });
});

describe('shiftDecimal (www/common/decimal-text.js): one meaning, ×10^places', () => {
  it('turns a typed percentage into the core\'s fraction and back, exactly, as text', () => {
    assert.equal(percentToFraction('30'), '0.3');
    assert.equal(shiftDecimal('30', -2), '0.3');
    assert.equal(shiftDecimal('12.5', -2), '0.125');
    assert.equal(shiftDecimal('100', -2), '1');
    assert.equal(shiftDecimal('0', -2), '0');
    assert.equal(shiftDecimal('0.07', -2), '0.0007');
    assert.equal(shiftDecimal('33.333333333333333333', -2), '0.33333333333333333333');
    assert.equal(shiftDecimal('-5', -2), '-0.05');
    assert.equal(fractionToPercent('0.3'), '30');
    assert.equal(shiftDecimal('0.125', 2), '12.5');
    assert.equal(shiftDecimal('4', 2), '400');
    assert.equal(shiftDecimal('1e3', -2), '10');
    for (const bad of ['abc', '', '.', '1.2.3', '0x10', 'Infinity']) assert.throws(() => shiftDecimal(bad, 2), TypeError, bad);
    assert.throws(() => shiftDecimal('1', 1.5), TypeError);
  });

  it('is the same function for the CRM field maps and the ROI calculator', () => {
    assert.equal(fieldmapShift, shiftDecimal);
    assert.equal(fieldmapShift('0.25', 2), '25');
  });
});

describe('formatForField', () => {
  it('writes a value so that the same locale reads it back', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'en-IN', 'ja-JP', 'de-CH', 'es-ES', 'pt-BR', 'ar-EG']) {
      for (const value of ['0', '4.3', '25000', '1234567.891', '1000000000']) {
        const shown = formatForField(value, locale);
        assert.equal(ok(shown, locale), value, `${value} in ${locale} shown as ${shown}`);
      }
    }
    assert.equal(formatForField('25000', 'de-DE'), '25.000');
    assert.equal(formatForField('', 'de-DE'), '');
  });

  it('derives the conventions from Intl', () => {
    assert.deepEqual(
      (({ group, decimal, primary, secondary }) => ({ group, decimal, primary, secondary }))(numberConventions('en-IN')),
      { group: ',', decimal: '.', primary: 3, secondary: 2 },
    );
    assert.equal(numberConventions('de-DE').group, '.');
    assert.equal(numberConventions('fr-FR').group, ' ');
  });
});

describe('makeFormatters', () => {
  it('formats the core’s decimal strings exactly with Intl', () => {
    const us = makeFormatters('en-US', 'USD');
    assert.equal(us.money('1200000.00'), '$1,200,000.00');
    assert.equal(us.money('12345678901234567890.55'), '$12,345,678,901,234,567,890.55');
    assert.equal(us.percent('1.4615'), '146.2%');
    assert.equal(us.multiple('0.8333'), '0.83×');
    assert.equal(us.months('2.5'), '2.5 months');
    assert.equal(us.perHour('250.00'), '$250.00/h');
    assert.equal(us.money(null), '—');
    const de = makeFormatters('de-DE', 'EUR');
    assert.equal(de.money('1200.50'), '1.200,50\u00a0€');
    assert.equal(de.percent('0.12'), '12\u00a0%');
    const ja = makeFormatters('ja-JP', 'JPY');
    assert.equal(ja.money('120000000'), '￥120,000,000');
    assert.equal(ja.currencySymbol, '￥');
  });

  it('reports a currency Intl cannot use', () => {
    assert.equal(checkLocaleCurrency('en-US', 'EUR'), null);
    assert.match(checkLocaleCurrency('en-US', 'EURO'), /EURO/);
  });
});
