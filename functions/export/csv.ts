/**
 * CSV (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled, CRLF line
 * ends. Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) are neutralised with a leading apostrophe.
 */
export type Cell = string | number | boolean | null | undefined;

export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  const text = typeof cell === "string" ? neutralise(cell) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file, with a byte-order mark so that spreadsheet programs read UTF-8. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return `\ufeff${[header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
