// The shared CSV export (www/common/csv-export.js): OWASP's CSV-injection
// rule on every cell, RFC 4180 quoting, tab-separated text for the clipboard.
//
//   node --test tests/js/csv-export.test.mjs

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { neutralise, toCsv, toTsv } from '../../www/common/csv-export.js';

describe('neutralise', () => {
  it('prefixes a quote to every cell that starts with =, +, -, @, tab or CR', () => {
    for (const bad of ['=1+1', '=HYPERLINK("http://x","y")', '+cmd', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\tx', '\rx', '-', '+', '=']) {
      assert.equal(neutralise(bad), `'${bad}`, JSON.stringify(bad));
    }
  });

  it('keeps ordinary text and numbers as they are, and neutralises a leading sign too', () => {
    for (const ok of ['42', '1280000.00', 'Brightline Digital', 'a=b', ' =x', '']) assert.equal(neutralise(ok), ok);
    for (const signed of ['-1280000.00', '+5', '-0.5']) assert.equal(neutralise(signed), `'${signed}`);
    assert.equal(neutralise(-3), "'-3");
    assert.equal(neutralise(NaN), '');
    assert.equal(neutralise(null), '');
    assert.equal(neutralise(true), 'true');
    assert.equal(neutralise(['=a', 'b']), '\'=a; b');
  });
});

describe('toCsv and toTsv', () => {
  it('quotes what must be quoted, with CRLF line ends', () => {
    const csv = toCsv(['Name', 'Note'], [['A, B', 'said "hi"'], ['line\nbreak', '=evil()'], [' lead', 7]]);
    assert.equal(csv, 'Name,Note\r\n"A, B","said ""hi"""\r\n"line\nbreak",\'=evil()\r\n" lead",7\r\n');
  });

  it('writes tab-separated text with the same neutralisation', () => {
    assert.equal(toTsv(['a', 'b'], [['x\ty', '@me'], ['-5', '-x']]), 'a\tb\r\n"x\ty"\t\'@me\r\n\'-5\t\'-x\r\n');
  });
});
