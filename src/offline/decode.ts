/**
 * Exports arrive as UTF-8 (with or without a BOM), UTF-16 ("Unicode text" from Excel) or
 * Windows-1252 (older Excel and SIS exports). The import dialog decodes the same way in the
 * browser; this is the offline run's copy.
 */
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

export function decodeExport(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' };
  }
}
