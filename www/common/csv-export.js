// Exporting tables as CSV (a download) or as tab-separated text (the
// clipboard, which pastes into a spreadsheet as cells), with every cell
// neutralised against CSV injection (OWASP's rule): a cell that starts with
// "=", "+", "-", "@", a tab or a carriage return could run as a formula in a
// spreadsheet, so it is prefixed with a single quote ('), which spreadsheets
// show as text. The rule holds for every cell, a negative number ("-1280000.00")
// included: it then opens as text, the price of never letting a cell that
// starts with "-" reach a formula parser. Shared by the demo page and the
// analytics page.

const DANGEROUS = /^[=+\-@\t\r]/;

/** The text of a cell, neutralised: "=1+1" → "'=1+1", "-5" → "'-5". */
export function neutralise(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = Array.isArray(value) ? value.join('; ') : String(value);
  if (DANGEROUS.test(text)) return `'${text}`;
  return text;
}

function quoteCsv(text) {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function quoteTsv(text) {
  return /["\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break quoted) from a header and rows; every cell neutralised.
 * @param {string[]} header
 * @param {unknown[][]} rows
 */
export function toCsv(header, rows) {
  return [header, ...rows].map((row) => row.map((cell) => quoteCsv(neutralise(cell))).join(',')).join('\r\n') + '\r\n';
}

/** Tab-separated text for the clipboard, every cell neutralised the same way. */
export function toTsv(header, rows) {
  return [header, ...rows].map((row) => row.map((cell) => quoteTsv(neutralise(cell))).join('\t')).join('\r\n') + '\r\n';
}

/**
 * Offers CSV text as a file download (UTF-8 with a byte-order mark, so that
 * Excel reads accents right). Browser only.
 */
export function downloadCsv(filename, csv) {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Copies text to the clipboard. Resolves true when copied, false when the
 * browser refuses (no permission, not a secure context).
 */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
