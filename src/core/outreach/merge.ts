/**
 * {{Placeholders}} in templates, named after roster columns ("{{Student name}}", "{{Days absent}}")
 * plus a few the toolkit computes ("{{School typical days absent}}", "{{Date}}" ...).
 *
 * Names are compared after folding case and spaces, so "{{student  NAME}}" is "{{Student name}}":
 * the silent tag mismatch that makes other merge tools print an empty letter is caught here,
 * and a name that matches nothing is reported before anything is created.
 *
 * Merging is literal: a value is inserted as it is, whatever it contains ($, \, {{, regex
 * characters, HTML). A value is never scanned again for placeholders (one left-to-right pass).
 */

export interface Span {
  /** Offset of the first "{" */
  start: number;
  /** Offset just after the last "}" */
  end: number;
  /** The name as written between the braces. */
  name: string;
}

const PLACEHOLDER = /\{\{([^{}]{1,80})\}\}/g;

/** The canonical form of a placeholder or column name. */
export function fieldKey(name: string): string {
  return name
    .replace(/[\s_]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Every {{placeholder}} in a text, left to right. */
export function placeholderSpans(text: string): Span[] {
  const spans: Span[] = [];
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) {
    spans.push({ start: m.index, end: m.index + m[0].length, name: m[1] });
  }
  return spans;
}

/** Field values by canonical name. */
export type Fields = Record<string, string>;

export function makeFields(values: Record<string, string>): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries(values)) out[fieldKey(k)] = v;
  return out;
}

/** The value for a placeholder, or undefined when no field has that name. */
export function fieldValue(fields: Fields, name: string): string | undefined {
  const k = fieldKey(name);
  return Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
}

/** Merge a text in one pass: every placeholder replaced by its value, literally. Unknown names are left as written. */
export function mergeText(text: string, fields: Fields): string {
  let out = '';
  let at = 0;
  for (const s of placeholderSpans(text)) {
    const v = fieldValue(fields, s.name);
    out += text.slice(at, s.start) + (v === undefined ? text.slice(s.start, s.end) : v);
    at = s.end;
  }
  return out + text.slice(at);
}

/** Placeholder names in a text that match no field (as written, without duplicates). */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  const names = new Set(known.map(fieldKey));
  const out: string[] = [];
  for (const s of placeholderSpans(text)) {
    if (!names.has(fieldKey(s.name)) && !out.includes(s.name)) out.push(s.name);
  }
  return out;
}

/**
 * The edits that merge one text element in place, last first, so earlier offsets stay valid:
 * delete [start, end) then insert the value at start. Used with Text.deleteText/insertText,
 * which insert literally (Body.replaceText takes a regular expression and a replacement whose
 * treatment of "$" and "\" is not documented, so it is not used for data).
 */
export function mergeEdits(text: string, fields: Fields): { start: number; end: number; value: string }[] {
  const edits: { start: number; end: number; value: string }[] = [];
  for (const s of placeholderSpans(text)) {
    const v = fieldValue(fields, s.name);
    if (v !== undefined) edits.push({ start: s.start, end: s.end, value: v });
  }
  return edits.reverse();
}
