/**
 * Exports arrive as UTF-8 (with or without a BOM), UTF-16 ("Unicode text" from Excel) or
 * Windows-1252 (older Excel and SIS exports), and sometimes as UTF-8 with a few lines in
 * Windows-1252 (a row typed or pasted in by another program). The import dialog decodes the same
 * way in the browser (src/ui/ImportDialog.html); this is the offline run's copy.
 */
export interface DecodedExport {
  text: string;
  encoding: string;
  /** Set when some lines were not UTF-8 and were read as Windows-1252: says which, for the user. */
  warning?: string;
}

export const EXCEL_WORKBOOK =
  'This file is an Excel workbook, not a CSV file. In Excel, choose File > Save As > CSV UTF-8 (Comma delimited), ' +
  'or in Sheets File > Import it, and import that.';

/**
 * Windows-1252 characters for bytes 0x80-0x9F (WHATWG index-windows-1252). Node 20's
 * TextDecoder('windows-1252') decodes these bytes as latin1 C1 controls, so "O’Brien" became
 * "O\u0092Brien"; browsers decode them right. 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned and
 * stay as their C1 code points, as the WHATWG decoder keeps them.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Windows-1252, right whatever Node's decoder does with 0x80-0x9F (the other bytes are latin1 in both). */
export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]);
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** "Line 3", "Lines 3 and 7", "Lines 3, 7, 9 ... and 40 more" (a long list helps nobody). */
function linesList(lines: number[]): string {
  if (lines.length === 1) return `Line ${lines[0]}`;
  const shown = lines.slice(0, 10);
  if (lines.length > shown.length) return `Lines ${shown.join(', ')} and ${lines.length - shown.length} more`;
  return `Lines ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

export function decodeExport(bytes: Uint8Array): DecodedExport {
  // .xlsx is a zip (PK\3\4); .xls is an OLE2 compound file. Read as text they only give a baffling CSV error.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) throw new Error(EXCEL_WORKBOOK);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return { text: utf8.decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Not all UTF-8. One bad line must not garble the whole file: decode line by line (CRLF, LF
    // or CR, numbered as the import numbers lines), UTF-8 where a line is valid UTF-8.
    const parts: string[] = [];
    const cp1252Lines: number[] = [];
    let sawUtf8 = false;
    for (let start = 0, line = 1; start < bytes.length; line++) {
      let end = start;
      while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
      end += bytes[end] === 0x0d && bytes[end + 1] === 0x0a ? 2 : 1;
      const chunk = bytes.subarray(start, end);
      try {
        parts.push(utf8.decode(chunk));
        // A valid line with a byte over 0x7F holds a real multi-byte UTF-8 sequence (or the BOM).
        sawUtf8 ||= chunk.some((b) => b > 0x7f);
      } catch {
        parts.push(decodeWindows1252(chunk));
        cp1252Lines.push(line);
      }
      start = end;
    }
    // No UTF-8 anywhere: a Windows-1252 file, read whole as before, nothing to warn about.
    if (!sawUtf8) return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
    const one = cp1252Lines.length === 1;
    return {
      text: parts.join(''),
      encoding: `UTF-8, ${one ? '1 line' : `${cp1252Lines.length} lines`} Windows-1252`,
      warning:
        `${linesList(cp1252Lines)} ${one ? 'was' : 'were'} not saved as UTF-8 and ${one ? 'was' : 'were'} read as Windows-1252 (Western): ` +
        `check the names on ${one ? 'that line' : 'those lines'}, or save the file again as CSV UTF-8.`,
    };
  }
}
