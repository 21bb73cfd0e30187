// What the Apps Script runtime lacks and the wasm-bindgen glue needs: UTF-8
// TextEncoder / TextDecoder (the subset the glue calls), a base64 decoder for
// the inlined .wasm (Apps Script has no atob), and a stand-in URL class so
// that the wrapper's module-level `new URL(..., import.meta.url)` evaluates
// (nothing is ever fetched in Apps Script). scripts/build-apps-script.mjs
// puts these in the bundle's own scope, only where the global is missing.

const REPLACEMENT = 0xfffd;

/** UTF-8 encoder: encode(text) and encodeInto(text, bytes). Lone surrogates become U+FFFD. */
export class Utf8Encoder {
  get encoding() {
    return 'utf-8';
  }

  encode(text = '') {
    const s = String(text);
    const out = new Uint8Array(s.length * 3);
    return out.slice(0, this.encodeInto(s, out).written);
  }

  encodeInto(text, bytes) {
    const s = String(text);
    let read = 0;
    let written = 0;
    const n = bytes.length;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      let units = 1;
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          units = 2;
        }
      }
      if (cp >= 0xd800 && cp <= 0xdfff) cp = REPLACEMENT; // a lone surrogate
      const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (written + size > n) break;
      if (size === 1) {
        bytes[written++] = cp;
      } else if (size === 2) {
        bytes[written++] = 0xc0 | (cp >> 6);
        bytes[written++] = 0x80 | (cp & 0x3f);
      } else if (size === 3) {
        bytes[written++] = 0xe0 | (cp >> 12);
        bytes[written++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[written++] = 0x80 | (cp & 0x3f);
      } else {
        bytes[written++] = 0xf0 | (cp >> 18);
        bytes[written++] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[written++] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[written++] = 0x80 | (cp & 0x3f);
      }
      read += units;
      i += units - 1;
    }
    return { read, written };
  }
}

/** UTF-8 decoder: decode(bytes), replacing malformed sequences with U+FFFD as TextDecoder does. */
export class Utf8Decoder {
  constructor(label = 'utf-8', options = {}) {
    if (!/^utf-?8$/i.test(String(label).trim())) throw new RangeError(`only utf-8 is supported, not ${label}`);
    this.ignoreBOM = Boolean(options.ignoreBOM);
    this.fatal = Boolean(options.fatal);
  }

  get encoding() {
    return 'utf-8';
  }

  decode(input) {
    if (input === undefined) return '';
    const b = input instanceof Uint8Array
      ? input
      : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    let i = 0;
    if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
    const parts = [];
    let codes = [];
    const bad = () => {
      if (this.fatal) throw new TypeError('The encoded data was not valid UTF-8');
      codes.push(REPLACEMENT);
    };
    while (i < b.length) {
      const c = b[i];
      let need = 0;
      let cp = 0;
      let min = 0;
      if (c < 0x80) {
        codes.push(c);
        i++;
      } else {
        if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 0x07; min = 0x10000; }
        if (need === 0) {
          bad();
          i++;
        } else {
          let j = 1;
          for (; j <= need; j++) {
            const d = b[i + j];
            if (d === undefined || (d & 0xc0) !== 0x80) break;
            cp = (cp << 6) | (d & 0x3f);
            // Reject overlong forms, surrogates and values past U+10FFFF as early as the WHATWG decoder does.
            if (j === 1 && ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f))) break;
          }
          if (j <= need || cp < min) {
            bad();
            i += Math.max(1, j); // skip the maximal valid prefix, as the standard does
          } else {
            if (cp >= 0x10000) {
              cp -= 0x10000;
              codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
            } else {
              codes.push(cp);
            }
            i += need + 1;
          }
        }
      }
      if (codes.length >= 8192) {
        parts.push(String.fromCharCode.apply(null, codes));
        codes = [];
      }
    }
    parts.push(String.fromCharCode.apply(null, codes));
    return parts.join('');
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes standard base64 (padding optional, whitespace ignored) to bytes. */
export function base64ToBytes(text) {
  const table = new Int16Array(128).fill(-1);
  for (let k = 0; k < ALPHABET.length; k++) table[ALPHABET.charCodeAt(k)] = k;
  const s = String(text).replace(/[\s=]+/g, '');
  if (s.length % 4 === 1) throw new RangeError('base64 text has a bad length');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    const v = c < 128 ? table[c] : -1;
    if (v < 0) throw new RangeError(`not base64 at offset ${k}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Enough of URL for `new URL(relative, base).href`; never used to fetch. */
export class UrlStandIn {
  constructor(url, base) {
    this.href = base === undefined ? String(url) : `${String(base).replace(/[^/]*$/, '')}${String(url)}`;
  }

  toString() {
    return this.href;
  }
}
