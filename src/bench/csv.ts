// A small RFC 4180 CSV parser: quoted cells may hold commas, doubled quotes and line breaks.

/**
 * The rows of a CSV text, each an array of cells. Quoted cells may span lines; `""` inside quotes is a
 * quote; rows end with LF or CRLF; a final line break does not make an empty row. Empty cells are "".
 * Throws on an unterminated quoted cell, naming the line where it opened.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // a byte-order mark is not part of the first header
  for (;;) {
    let cell: string;
    if (text[i] === '"') {
      const opened = line;
      let out = "";
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new Error(`unterminated quoted cell opened on line ${opened}`);
        out += text.slice(j, q);
        if (text[q + 1] === '"') {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      line += countNewlines(out);
      cell = out;
      i = j;
    } else {
      let j = i;
      while (j < n && text[j] !== "," && text[j] !== "\n" && text[j] !== "\r") j++;
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) {
      if (row.length > 1 || row[0] !== "") rows.push(row);
      return rows;
    }
    const c = text[i];
    if (c === ",") {
      i++;
    } else if (c === "\n" || c === "\r") {
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      rows.push(row);
      row = [];
      if (i >= n) return rows;
    } else {
      throw new Error(`unexpected character after a quoted cell on line ${line}`);
    }
  }
}

function countNewlines(s: string): number {
  let k = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) k++;
  return k;
}
