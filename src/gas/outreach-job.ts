/**
 * The outreach job: resumable, and never the same letter, draft or event twice.
 *
 * The plan is written to a hidden sheet when the user confirms; a small job record (cursor,
 * counts, status) lives in the document properties (far under the 9 KB limit). Each execution
 * works through the plan in batches, well inside the 6-minute limit, and for every batch:
 *   1. records the batch as "in flight" (one property write),
 *   2. makes its letters, drafts or event,
 *   3. appends one Outreach log row per item made (one sheet write),
 *   4. moves the cursor past the batch (one property write).
 * If the execution is killed between 1 and 4, the next one first finds what the batch made from
 * the services themselves (complete pages by their reference line, drafts by their key header,
 * the event by its ID), logs it, trims half-written pages, and carries on. The Outreach log is
 * the source of truth: an item whose key is in it is never made again.
 *
 * A quota error stops the job cleanly (what was made is logged) and it resumes the next day; while
 * the dialog is open it drives the job, and when it is closed the toolkit clock does (the
 * "outreach" duty, src/gas/clock.ts: hourly, or the next day after a quota pause). One job at a
 * time per spreadsheet: the document lock around every execution, and the job record itself (a
 * second start is refused while a job is running).
 */
import { eventDescription, eventId, eventTitle, FollowUpStudent, followUpStudent } from '../core/outreach/follow-up';
import { rawMessage } from '../core/outreach/email';
import { loggedFollowUps, logRow, MadeItem, ReadOutreachLog } from '../core/outreach/log';
import { fieldValue } from '../core/outreach/merge';
import { documentName, OutreachFilters, PlanItem } from '../core/outreach/plan';
import { LOGS } from '../core/logs';
import { LETTER_KINDS, TierId } from '../core/rules';
import { LetterWriter, mergeEmail, recoverLetters, recoverStudentFile, REFERENCE, Templates } from './outreach-docs';
import { appendLog, clearPlan, readLogSheet, readPlanRows, writeRosterLinks } from './outreach-sheets';
import { describeForUser, UserError } from './user-errors';

export const JOB_KEY = 'toolkit.outreach.job';
/** The handler of the one-off resume triggers older versions made (see outreachResume). */
export const RESUME_HANDLER = 'outreachResume';
export const KEY_HEADER = 'X-Attendance-Toolkit-Key';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Work per google.script.run call from the dialog: short, so the dialog shows progress. */
export const DIALOG_BUDGET_MS = 100 * 1000;
/**
 * Work per trigger run. Hourly runs of 3.5 minutes stay under a consumer account's 90 minutes
 * of trigger runtime a day; the 6-minute limit is never approached.
 */
export const TRIGGER_BUDGET_MS = 210 * 1000;
/** A batch is not started with less than this left (a batch takes about 15-25 s). */
const BATCH_RESERVE_MS = 45 * 1000;
const BATCH_SIZE: Record<string, number> = { email: 20, letter: 25, 'follow-up': Number.POSITIVE_INFINITY };
const PLAN_WINDOW = 1500;

export type JobStatus = 'running' | 'paused' | 'done' | 'failed' | 'stopped';

export interface JobState {
  id: string;
  status: JobStatus;
  runDate: string;
  importId: string;
  startedBy: string;
  startedAt: string;
  filters: OutreachFilters;
  perStudent: boolean;
  total: number;
  /** Plan index of the next item to look at. */
  next: number;
  inflight: { from: number; to: number; since: number } | null;
  made: { letters: number; drafts: number; events: number; followUps: number; documents: number };
  failed: number;
  folderId: string;
  currentDoc: { group: string; id: string } | null;
  message: string;
  /** When a paused job may try again (ms). */
  resumeAt: number | null;
  executions: number;
}

export interface JobProgress {
  jobId: string;
  status: JobStatus;
  done: number;
  total: number;
  made: JobState['made'];
  failed: number;
  message: string;
  finished: boolean;
  resumeAt: string | null;
}

export function loadJob(): JobState | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(JOB_KEY);
  return raw ? (JSON.parse(raw) as JobState) : null;
}

export function saveJob(state: JobState): void {
  PropertiesService.getDocumentProperties().setProperty(JOB_KEY, JSON.stringify(state));
}

export function progressOf(state: JobState): JobProgress {
  return {
    jobId: state.id,
    status: state.status,
    done: state.next,
    total: state.total,
    made: { ...state.made },
    failed: state.failed,
    message: state.message,
    finished: state.status === 'done' || state.status === 'stopped',
    resumeAt: state.resumeAt ? new Date(state.resumeAt).toISOString() : null,
  };
}

export function isQuotaError(e: unknown): boolean {
  return /too many times for one day|usage limits exceeded|rate limit exceeded|quota/i.test(String((e as Error)?.message ?? e));
}

function isTimeout(e: unknown): boolean {
  return /Exceeded maximum execution time/.test(String((e as Error)?.message ?? e));
}

function isLetter(kind: string): boolean {
  return (LETTER_KINDS as readonly string[]).includes(kind);
}

interface Ctx {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  state: JobState;
  log: ReadOutreachLog;
  by: string;
  templates: Templates;
  folder: GoogleAppsScript.Drive.Folder;
  writer: LetterWriter;
  timeZone: string;
  logLink: string;
}

/** Plan items, read from the job sheet in windows (a district's plan is tens of thousands of rows). */
class PlanWindow {
  private start = 0;
  private rows: PlanItem[] = [];
  constructor(
    private ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
    private total: number,
  ) {}
  at(i: number): PlanItem {
    if (i < this.start || i >= this.start + this.rows.length) {
      this.start = i;
      this.rows = readPlanRows(this.ss, i, Math.min(PLAN_WINDOW, this.total - i));
    }
    return this.rows[i - this.start];
  }
  /** The batch starting at i: same kind, and same document or event for letters and follow-ups. */
  batchEnd(i: number): number {
    const first = this.at(i);
    const limit = BATCH_SIZE[isLetter(first.kind) ? 'letter' : first.kind];
    let j = i + 1;
    while (j < this.total && j - i < limit) {
      const it = this.at(j);
      if (it.kind !== first.kind || (first.kind !== 'email' && it.group !== first.group)) break;
      j++;
    }
    // at() may have moved the window; callers re-read items by index.
    return j;
  }
}

function logMade(ctx: Ctx, made: MadeItem[]): void {
  if (made.length === 0) return;
  const at = new Date();
  const rows = made.map((m) => logRow(m, { at, by: ctx.by, importId: ctx.state.importId, jobId: ctx.state.id }));
  appendLog(ctx.ss, rows);
  for (const m of made) {
    ctx.log.keys.add(m.item.key);
    const entry: Record<string, string | Date> = {};
    LOGS.outreach.columns.forEach((h, i) => (entry[h] = rows[made.indexOf(m)][i]));
    ctx.log.entries.push(entry);
    const k = m.item.kind;
    if (k === 'email') ctx.state.made.drafts++;
    else if (k === 'follow-up') ctx.state.made.followUps++;
    else ctx.state.made.letters++;
  }
}

function upsertFollowUp(ctx: Ctx, items: PlanItem[]): string {
  const { owner, due } = items[0];
  const id = eventId(ctx.ss.getId(), owner, due);
  const students = new Map<string, FollowUpStudent>();
  for (const e of loggedFollowUps(ctx.log.entries, owner, due)) {
    students.set(`${e['Student ID']}|${e['Tier at the time']}`, {
      studentId: String(e['Student ID']),
      studentName: String(e['Student name']),
      tier: String(e['Tier at the time']) as TierId,
      school: String(e['School']),
      daysAbsent: '',
      rowLink: '',
    });
  }
  for (const it of items) students.set(`${it.studentId}|${it.tier}`, followUpStudent(it));
  const list = [...students.values()];
  const summary = eventTitle(list);
  const description = eventDescription(list, ctx.logLink);
  const guests = owner && owner !== ctx.by ? [{ email: owner }] : [];
  const event: GoogleAppsScript.Calendar.Schema.Event = {
    id,
    summary,
    description,
    start: { dateTime: `${due}T15:30:00`, timeZone: ctx.timeZone },
    end: { dateTime: `${due}T16:00:00`, timeZone: ctx.timeZone },
    attendees: guests,
    reminders: { useDefault: false, overrides: [{ method: 'popup', minutes: 30 }] },
    extendedProperties: { private: { attendanceToolkit: 'follow-up' } },
  };
  let made: GoogleAppsScript.Calendar.Schema.Event;
  try {
    made = Calendar!.Events!.insert(event, 'primary', { sendUpdates: guests.length ? 'all' : 'none' });
  } catch (e) {
    if (!/already exists/i.test(String((e as Error)?.message))) throw e;
    // Made earlier (another run today, or before an interruption): list every student on it.
    made = Calendar!.Events!.patch({ summary, description }, 'primary', id, { sendUpdates: 'none' });
  }
  ctx.state.made.events++;
  return String(made.htmlLink ?? id);
}

function createDraft(ctx: Ctx, item: PlanItem): string {
  const template = ctx.templates.get(item.templateId, item.tier, 'email', item.language);
  const { subject, body } = mergeEmail(template, item.fields);
  const raw = rawMessage({
    to: item.to,
    toName: fieldValue(item.fields, 'to name') ?? '',
    subject,
    text: body,
    headers: { [KEY_HEADER]: encodeURIComponent(item.key) },
  });
  const draft = Gmail!.Users!.Drafts!.create({ message: { raw } }, 'me');
  return `https://mail.google.com/mail/#drafts?compose=${draft.message?.id ?? draft.id}`;
}

/** Drafts made since a moment, by the toolkit key in their header. */
function findDrafts(since: number, wanted: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  let pageToken: string | undefined;
  do {
    const page = Gmail!.Users!.Drafts!.list('me', { q: `after:${Math.floor((since - 120 * 1000) / 1000)}`, maxResults: 100, pageToken });
    for (const d of page.drafts ?? []) {
      const full = Gmail!.Users!.Drafts!.get('me', String(d.id), { format: 'metadata', metadataHeaders: [KEY_HEADER] });
      const header = (full.message?.payload?.headers ?? []).find((h) => String(h.name).toLowerCase() === KEY_HEADER.toLowerCase());
      const key = header ? decodeURIComponent(String(header.value)) : '';
      if (wanted.has(key)) found.set(key, `https://mail.google.com/mail/#drafts?compose=${full.message?.id ?? d.id}`);
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken && found.size < wanted.size);
  return found;
}

function docName(ctx: Ctx, item: PlanItem): string {
  return documentName(item, ctx.state.runDate, ctx.state.perStudent);
}

/** Make one batch; items made are pushed to `made` as they are made (so an error keeps them). */
function runBatch(ctx: Ctx, items: PlanItem[], made: MadeItem[]): void {
  const kind = items[0].kind;
  if (kind === 'follow-up') {
    const link = upsertFollowUp(ctx, items);
    for (const item of items) made.push({ item, link });
    return;
  }
  if (kind === 'email') {
    for (const item of items) {
      try {
        made.push({ item, link: createDraft(ctx, item) });
      } catch (e) {
        if (/Invalid To header|invalid.*address/i.test(String((e as Error)?.message))) {
          ctx.state.failed++;
          continue;
        }
        throw e;
      }
    }
    return;
  }
  // Letters: load the template first, so a missing template stops before a page is begun.
  const template = ctx.templates.get(items[0].templateId, items[0].tier, kind, items[0].language);
  if (ctx.state.perStudent) {
    for (const item of items) {
      const t = ctx.templates.get(item.templateId, item.tier, kind, item.language);
      ctx.writer.open(item.group, docName(ctx, item));
      const link = ctx.writer.addPage(item, t);
      ctx.writer.close();
      made.push({ item, link });
    }
    return;
  }
  ctx.writer.open(items[0].group, docName(ctx, items[0]));
  const pages: MadeItem[] = [];
  for (const item of items) {
    const t =
      item.templateId === items[0].templateId && item.language === items[0].language
        ? template
        : ctx.templates.get(item.templateId, item.tier, kind, item.language);
    pages.push({ item, link: ctx.writer.addPage(item, t) });
  }
  ctx.writer.close();
  made.push(...pages);
}

/** What an interrupted batch made, found in the services themselves. Half-written pages are removed. */
function recoverBatch(ctx: Ctx, items: PlanItem[], since: number): MadeItem[] {
  if (items.length === 0) return [];
  const kind = items[0].kind;
  if (kind === 'follow-up') {
    // Making the event is idempotent (its ID is fixed): make sure it lists everyone, then log.
    const link = upsertFollowUp(ctx, items);
    return items.map((item) => ({ item, link }));
  }
  if (kind === 'email') {
    const found = findDrafts(since, new Set(items.map((i) => i.key)));
    return items.filter((i) => found.has(i.key)).map((item) => ({ item, link: found.get(item.key)! }));
  }
  if (ctx.state.perStudent) {
    const out: MadeItem[] = [];
    for (const item of items) {
      const url = recoverStudentFile(ctx.folder, docName(ctx, item), item.key);
      if (url) out.push({ item, link: url });
    }
    return out;
  }
  const r = recoverLetters(ctx.folder, items[0].group, docName(ctx, items[0]), ctx.state.currentDoc);
  if (!r) {
    if (ctx.state.currentDoc?.group === items[0].group) ctx.state.currentDoc = null;
    return [];
  }
  return items.filter((i) => r.keys.has(i.key)).map((item) => ({ item, link: r.url }));
}

/**
 * Work on the job until the budget (ms from `startedAt`) is spent. Runs under the document lock
 * (taken by the caller). Returns the job's progress.
 */
export function workOnJob(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  state: JobState,
  startedAt: number,
  budgetMs: number,
  by: string,
): JobState {
  const deadline = startedAt + budgetMs;
  state.executions++;
  const folder = DriveApp.getFolderById(state.folderId);
  const logSheet = ss.getSheetByName(LOGS.outreach.sheet);
  const ctx: Ctx = {
    ss,
    state,
    log: readLogSheet(ss),
    by,
    templates: new Templates(),
    folder,
    writer: new LetterWriter(
      folder,
      (group, id) => {
        if (state.currentDoc?.id !== id) {
          if (!state.currentDoc || state.currentDoc.group !== group) state.made.documents++;
          state.currentDoc = { group, id };
          saveJob(state);
        }
      },
      () => state.currentDoc,
    ),
    timeZone: ss.getSpreadsheetTimeZone(),
    logLink: `${ss.getUrl()}#gid=${logSheet ? logSheet.getSheetId() : 0}`,
  };
  const plan = new PlanWindow(ss, state.total);
  let lettersMade = false;

  if (state.inflight) {
    const { from, to, since } = state.inflight;
    const pending: PlanItem[] = [];
    for (let i = from; i < to; i++) if (!ctx.log.keys.has(plan.at(i).key)) pending.push(plan.at(i));
    const found = recoverBatch(ctx, pending, since);
    logMade(ctx, found);
    lettersMade = lettersMade || found.some((m) => isLetter(m.item.kind));
    state.next = from;
    state.inflight = null;
    saveJob(state);
  }

  while (state.status === 'running') {
    while (state.next < state.total && ctx.log.keys.has(plan.at(state.next).key)) state.next++;
    if (state.next >= state.total) {
      finishJob(ss, state);
      break;
    }
    if (Date.now() > deadline - BATCH_RESERVE_MS) break;
    const from = state.next;
    const to = plan.batchEnd(from);
    const items: PlanItem[] = [];
    for (let i = from; i < to; i++) if (!ctx.log.keys.has(plan.at(i).key)) items.push(plan.at(i));
    state.inflight = { from, to, since: Date.now() };
    saveJob(state);
    const made: MadeItem[] = [];
    try {
      runBatch(ctx, items, made);
    } catch (e) {
      if (isTimeout(e)) throw e;
      // Keep what this batch made; never leave half a page behind.
      let kept = made;
      if (isLetter(items[0].kind) && !state.perStudent) kept = recoverBatch(ctx, items, state.inflight.since);
      logMade(ctx, kept);
      state.inflight = null;
      state.next = from;
      if (isQuotaError(e)) {
        state.status = 'paused';
        state.resumeAt = Date.now() + DAY;
        state.message = `Google's daily limit was reached (${String((e as Error).message)}). What was made so far is kept; the job continues by itself tomorrow, where it stopped.`;
      } else {
        state.status = 'failed';
        state.message = describeForUser(e, 'preparing outreach');
      }
      saveJob(state);
      break;
    }
    logMade(ctx, made);
    if (made.some((m) => isLetter(m.item.kind))) lettersMade = true;
    state.next = to;
    state.inflight = null;
    saveJob(state);
  }
  if (lettersMade || state.status === 'done') writeRosterLinks(ss, ctx.log);
  return state;
}

function finishJob(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, state: JobState): void {
  const m = state.made;
  state.status = 'done';
  state.resumeAt = null;
  state.currentDoc = null;
  state.message =
    `Done: ${m.letters} letter and call-sheet pages in ${m.documents} documents, ${m.drafts} Gmail drafts, ` +
    `${m.followUps} students on ${m.events} Calendar follow-ups.` +
    (state.failed ? ` ${state.failed} drafts were refused by Gmail (their addresses); see the Phone or mail follow-up sheet.` : '');
  clearPlan(ss);
  saveJob(state);
}

/** Used by tests and the README: the reference line that ends every merged page. */
export const PAGE_REFERENCE = REFERENCE;

/** A job record that blocks a new job. */
export function activeJob(): JobState | null {
  const job = loadJob();
  return job && (job.status === 'running' || job.status === 'paused') ? job : null;
}

export function ensureNoActiveJob(): void {
  const job = activeJob();
  if (!job) return;
  throw new UserError(
    `An outreach job is already running in this spreadsheet (started by ${job.startedBy} on ${job.startedAt.slice(0, 10)}; ` +
      `${job.next.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')} done). It continues by itself; open Prepare outreach to follow it, or stop it there first.`,
  );
}
