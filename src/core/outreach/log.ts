/**
 * The Outreach log is the source of truth of what was made: one row per letter page, draft and
 * follow-up (student, tier, kind, link or ID, time, who). The job reads it to skip what exists,
 * and the roster's "Outreach documents" column is rebuilt from it after every run and import.
 */
import { LogRow, LOGS, readLog } from '../logs';
import { KIND_LABELS, LETTER_KINDS, TierId } from '../rules';
import { PlanItem } from './plan';

export const OUTREACH_LOG_COLUMNS: readonly string[] = LOGS.outreach.columns;

export interface MadeItem {
  item: PlanItem;
  /** Document URL, draft ID or event link. */
  link: string;
}

export interface LogContext {
  at: Date;
  by: string;
  importId: string;
  jobId: string;
}

/** A log row for a made item, in the Outreach log's column order. */
export function logRow(made: MadeItem, ctx: LogContext): (string | Date)[] {
  const it = made.item;
  const byHeader: Record<string, string | Date> = {
    Timestamp: ctx.at,
    'Entered by': ctx.by,
    'Student ID': it.studentId,
    'Student name': it.studentName,
    School: it.school,
    'Tier at the time': it.tier,
    Kind: KIND_LABELS[it.kind],
    Language: it.kind === 'follow-up' ? '' : it.language,
    'Link or ID': made.link,
    'Import ID': ctx.importId,
    'Job ID': ctx.jobId,
    Key: it.key,
    'Assigned to': it.owner,
    'Due date': it.due,
  };
  return OUTREACH_LOG_COLUMNS.map((h) => byHeader[h] ?? '');
}

export interface ReadOutreachLog {
  entries: LogRow[];
  keys: Set<string>;
}

export function readOutreachLog(values: readonly unknown[][]): ReadOutreachLog {
  const entries = readLog(values);
  const keys = new Set<string>();
  for (const e of entries) {
    const k = String(e['Key'] ?? '').trim();
    if (k) keys.add(k);
  }
  return { entries, keys };
}

const LETTER_LABELS = new Set(LETTER_KINDS.map((k) => KIND_LABELS[k]));

/**
 * Links to each student's documents for their latest tier with documents, one per line, by
 * student ID (the value of the roster's "Outreach documents" column).
 */
export function documentLinksByStudent(entries: readonly LogRow[]): Map<string, string> {
  const latest = new Map<string, { tier: TierId; links: string[] }>();
  for (const e of entries) {
    if (!LETTER_LABELS.has(String(e['Kind'] ?? ''))) continue;
    const id = String(e['Student ID'] ?? '');
    const tier = String(e['Tier at the time'] ?? '') as TierId;
    const link = String(e['Link or ID'] ?? '');
    if (!id || !link) continue;
    const cur = latest.get(id);
    if (!cur || tier > cur.tier) latest.set(id, { tier, links: [link] });
    else if (tier === cur.tier && !cur.links.includes(link)) cur.links.push(link);
  }
  return new Map([...latest].map(([id, v]) => [id, v.links.join('\n')]));
}

/** Students outreach made a Gmail draft for (by ID), from the Outreach log. */
export function studentsWithDrafts(entries: readonly LogRow[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) if (String(e['Kind'] ?? '').trim() === KIND_LABELS.email) ids.add(String(e['Student ID'] ?? '').trim());
  return ids;
}

/**
 * Students already logged for a follow-up event, to list them again when the event is updated: the
 * event is on the calendar of the person whose job made it, so only the rows they entered (another
 * staff member's are on that person's own event for the same owner and day).
 */
export function loggedFollowUps(entries: readonly LogRow[], owner: string, due: string, enteredBy: string): LogRow[] {
  const by = enteredBy.trim().toLowerCase();
  return entries.filter(
    (e) =>
      e['Kind'] === KIND_LABELS['follow-up'] &&
      String(e['Assigned to'] ?? '') === owner &&
      dueText(e['Due date']) === due &&
      String(e['Entered by'] ?? '')
        .trim()
        .toLowerCase() === by,
  );
}

/** A Due date cell as yyyy-mm-dd (a typed date arrives as its day in the spreadsheet's zone: see typedDaysAsText). */
function dueText(v: unknown): string {
  if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') {
    const d = v as Date;
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }
  return String(v ?? '').trim();
}
