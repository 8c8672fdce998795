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
 *
 * A few fields may be withheld ({{School typical days absent}} at a school too small to show it
 * without telling a parent about other children). When such a field is empty, the whole sentence
 * that holds it is left out, so the letter still reads well: "Ana has missed 3 days of school.
 * A typical student at Oak has missed 4 days." becomes "Ana has missed 3 days of school."
 * A sentence ends at ".", "!" or "?" followed by a space, or at the end of the paragraph (line).
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

/** Fields whose sentence is left out when their value is empty (canonical names). */
export const SENTENCE_FIELDS: readonly string[] = ['school typical days absent', 'school phone'];

/** The sentence around [start, end): from the end of the previous sentence (or line) to the end of this one, with its space. */
function sentenceAround(text: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  while (from > 0 && text[from - 1] !== '\n' && !(/[.!?]/.test(text[from - 2] ?? '') && /[ \t]/.test(text[from - 1]))) from--;
  let to = end;
  while (to < text.length && text[to] !== '\n' && !(/[.!?]/.test(text[to]) && (to + 1 === text.length || /[ \t\n]/.test(text[to + 1]))))
    to++;
  if (to < text.length && text[to] !== '\n') to++;
  // The space after the sentence goes with it; at the end of a line, the space before it does.
  if (/[ \t]/.test(text[to] ?? '')) {
    while (/[ \t]/.test(text[to] ?? '')) to++;
  } else {
    while (from > 0 && /[ \t]/.test(text[from - 1])) from--;
  }
  return { start: from, end: to };
}

/** The parts of a text to drop: each sentence holding a withheld field with no value. */
function droppedSentences(text: string, spans: readonly Span[], fields: Fields): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const s of spans) {
    if (!SENTENCE_FIELDS.includes(fieldKey(s.name)) || fieldValue(fields, s.name) !== '') continue;
    const r = sentenceAround(text, s.start, s.end);
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push(r);
  }
  return out;
}

/** The edits that merge a text, first to last: delete [start, end), insert value. */
function edits(text: string, fields: Fields): { start: number; end: number; value: string }[] {
  const spans = placeholderSpans(text);
  const dropped = droppedSentences(text, spans, fields);
  const out: { start: number; end: number; value: string }[] = dropped.map((d) => ({ ...d, value: '' }));
  for (const s of spans) {
    if (dropped.some((d) => s.start >= d.start && s.end <= d.end)) continue;
    const v = fieldValue(fields, s.name);
    if (v !== undefined) out.push({ start: s.start, end: s.end, value: v });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Merge a text in one pass: every placeholder replaced by its value, literally. Unknown names are
 * left as written; the sentence of a withheld field with no value is left out.
 */
export function mergeText(text: string, fields: Fields): string {
  let out = '';
  let at = 0;
  for (const e of edits(text, fields)) {
    out += text.slice(at, e.start) + e.value;
    at = e.end;
  }
  return out + text.slice(at);
}

/** True when merging leaves nothing of a non-empty paragraph (its only sentence was left out): the paragraph is dropped. */
export function mergesToNothing(text: string, fields: Fields): boolean {
  return text.trim() !== '' && mergeText(text, fields).trim() === '';
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
  return edits(text, fields).reverse();
}
