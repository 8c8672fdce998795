/**
 * The outreach job: resumable, one at a time, and never the same letter, draft or event twice.
 *
 * The plan is written to a hidden sheet when the user confirms; a small job record (status,
 * cursor, counts, lease) lives in the document properties (far under the 9 KB limit).
 *
 * One job at a time, without holding the spreadsheet. The job's exclusivity is in its record, not
 * in the document lock: an execution works on the job only while it holds the job's lease (its own
 * owner ID and an expiry), taken under a short document lock. The lease lasts as long as an
 * execution can live (Apps Script stops every execution at 6 minutes; the lease is 7 minutes from
 * the execution's start), so a running execution never loses it and needs no heartbeat, and the
 * lease of an execution that was cut off expires by itself and is taken over by the next one. The
 * document lock is held only for moments: to take or give back the lease, to record a batch in
 * flight, and around each sheet write (the Outreach log, the plan, the Phone or mail follow-up
 * list, the roster's links). Making letters, drafts and events holds no lock, so staff save
 * contacts and run imports while a job runs.
 *
 * For every batch:
 *   1. under the lock, check the job is still this execution's and record the batch "in flight",
 *   2. make its letters, drafts or event (no lock),
 *   3. under the lock, append one Outreach log row per item made and move the cursor past the
 *      batch. What was made is logged even if the job was stopped meanwhile.
 * If the execution is killed between 1 and 3, the next one (once the lease has expired) first
 * finds what the batch made from the services themselves (complete pages by their reference line,
 * drafts by the tag in their header (draftTag), the event by its ID), logs it, trims half-written
 * pages, and carries on. The Outreach log is the source of truth: an item whose key is in it is
 * never made again.
 *
 * A quota error pauses the job until the next day; any other error pauses it for an hour, and the
 * third in a row (or a problem the user must fix, such as a deleted template) ends it for good.
 * While the dialog is open it drives the job; when it is closed the toolkit clock does (the
 * "outreach" duty, src/gas/clock.ts). When the job is over (done, stopped, or failed for good)
 * with no batch left in flight, the plan sheet is cleared: it holds every student's merge fields.
 */
import { draftTag, eventDescription, eventId, eventTitle, FollowUpStudent, followUpStudent } from '../core/outreach/follow-up';
import { rawMessage } from '../core/outreach/email';
import { loggedFollowUps, logRow, MadeItem, ReadOutreachLog } from '../core/outreach/log';
import { fieldValue } from '../core/outreach/merge';
import { AccountKind, JobSize, paceLeft } from '../core/outreach/pace';
import { documentName, NoEmailRow, OutreachFilters, PlanItem } from '../core/outreach/plan';
import { LOGS } from '../core/logs';
import { LETTER_KINDS, TierId } from '../core/rules';
import { plural } from '../core/words';
import { FolderId, LetterWriter, mergeEmail, recoverLetters, recoverStudentFile, Templates } from './outreach-docs';
import { appendLog, appendNoEmail, clearPlan, markDraftsMade, readLogSheet, readPlanRows, writeRosterLinks } from './outreach-sheets';
import { isEmail } from './session';
import { describeForUser, UserError, withDocumentLock } from './user-errors';

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
/**
 * How long a lease lasts from the start of the execution that holds it: longer than any execution
 * can run (Apps Script stops one at 6 minutes), so no live execution loses its lease.
 */
export const LEASE_MS = 7 * 60 * 1000;
/** How long the job waits for its moment under the document lock (saves and imports hold it for seconds). */
const JOB_LOCK_WAIT_MS = 30 * 1000;
/** Failures in a row (other than a daily quota) before the job ends for good. */
export const MAX_ATTEMPTS = 3;
/** A batch is not started with less than this left (a batch takes about 15-25 s). */
const BATCH_RESERVE_MS = 45 * 1000;
const BATCH_SIZE: Record<string, number> = { email: 20, letter: 25, 'follow-up': Number.POSITIVE_INFINITY };
const PLAN_WINDOW = 1500;

/** 'starting' while the job is planned and its plan written (under the lease of the execution starting it). */
export type JobStatus = 'starting' | 'running' | 'paused' | 'done' | 'failed' | 'stopped';

/** The right to work on the job: the execution that holds it (a random ID) and when it expires (ms). */
export interface Lease {
  owner: string;
  until: number;
}

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
  /** Drafts Gmail refused (listed on the Phone or mail follow-up sheet). */
  failed: number;
  folderId: string;
  currentDoc: { group: string; id: string } | null;
  message: string;
  /** When a paused job may try again (ms). */
  resumeAt: number | null;
  executions: number;
  lease: Lease | null;
  /** Failures in a row (reset by a batch that goes through). */
  attempts: number;
  /**
   * The Case owners the plan does not invite to follow-ups, as said to the team (outsideOwnersNote):
   * addresses, never students. Said again when the job ends. Missing in records of older versions.
   */
  uninvited?: string;
  /**
   * The students the plan skipped for outreach already made at a higher level (higherLevelNote): a
   * count and levels, never students. Said when the job is done. Missing in records of older versions.
   */
  lowered?: string;
  /**
   * Students on the Phone or mail follow-up sheet marked as having an email now, whose draft is
   * planned and not made yet: while there are any, a batch of drafts marks theirs as made
   * (markDraftsMade). Missing in records of older versions.
   */
  emailNow?: number;
  /** What the plan makes (pages, documents, drafts, events), for the pace of what is left. Missing in records of older versions. */
  planned?: JobSize;
  /** The kind of account of the person who started the job, whose daily quotas it uses. Missing in records of older versions. */
  account?: AccountKind;
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
  /** Paused to try again within the hour (a problem or a per-minute limit): a dialog opened now resumes it. */
  retrySoon: boolean;
  /** How long what is left takes, at the account's daily limits ('' when unknown or over). */
  pace: string;
  /**
   * Started by someone else: this user's dialog only shows its progress. Drafts land in the Gmail,
   * and follow-ups in the calendar, of whoever works on the job, and only its starter is sure to
   * open their template documents.
   */
  watchOnly?: boolean;
}

/** The job's progress as `viewer` sees it: someone else's job is only watched. */
export function progressFor(state: JobState, viewer: string): JobProgress {
  const p = progressOf(state);
  if (state.startedBy === viewer || p.finished || state.status === 'failed') return p;
  return {
    ...p,
    watchOnly: true,
    retrySoon: false,
    message:
      `${state.startedBy} started this job: it goes on from their Prepare outreach window, or by itself within the hour. ${p.message}`.trim(),
  };
}

export function loadJob(): JobState | null {
  const raw = PropertiesService.getDocumentProperties().getProperty(JOB_KEY);
  if (!raw) return null;
  const job = JSON.parse(raw) as JobState;
  // Records written by older versions have no lease and no attempts.
  job.lease = job.lease ?? null;
  job.attempts = job.attempts ?? 0;
  return job;
}

/** Write the record (under the document lock). */
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
    retrySoon: state.status === 'paused' && !!state.resumeAt && state.resumeAt <= Date.now() + HOUR + 5 * 60 * 1000,
    pace: state.status === 'running' || state.status === 'paused' ? paceLeft(state) : '',
  };
}

/** The document lock could not be had in time: this execution stops working; nothing is lost. */
export class SpreadsheetBusy extends UserError {}

/** Under the document lock, for a moment (see the top of this file); `waitMs` for it at most. */
export function withJobLock<T>(work: () => T, waitMs = JOB_LOCK_WAIT_MS): T {
  let entered = false;
  try {
    return withDocumentLock(
      'preparing outreach',
      () => {
        entered = true;
        return work();
      },
      waitMs,
    );
  } catch (e) {
    if (!entered) throw new SpreadsheetBusy((e as Error).message);
    throw e;
  }
}

/** A new lease for the current execution, which started at `startedAt`. */
export function newLease(startedAt: number): Lease {
  return { owner: Utilities.getUuid(), until: startedAt + LEASE_MS };
}

/** Held by a live execution other than `owner`. */
export function leasedToOther(job: JobState, owner: string, now: number): boolean {
  return !!job.lease && job.lease.owner !== owner && job.lease.until > now;
}

/** The job is over: no execution will work on it again. */
export function isOver(job: JobState): boolean {
  return job.status === 'done' || job.status === 'stopped' || job.status === 'failed';
}

/** The plan sheet is gone or cleared: the job was stopped (the next check under the lock says so), or someone deleted it. */
class PlanGone extends Error {
  constructor() {
    super('The outreach job\u2019s work list is gone.');
    this.name = 'PlanGone';
  }
}

const PLAN_GONE =
  'The job\u2019s work list (the hidden sheet "Outreach job") was deleted or emptied, so the job cannot go on. ' +
  'What it made is kept and listed in the Outreach log; start outreach again and it makes only what is missing.';

/** The job stopped working for this execution: stopped by someone, or (never while alive) taken over. */
class JobGone extends Error {
  constructor(readonly stored: JobState | null) {
    super('The outreach job is no longer this execution\u2019s.');
    this.name = 'JobGone';
  }
}

/**
 * A per-minute limit: Google asks to slow down ("User-rate limit exceeded", "Rate Limit Exceeded":
 * Gmail's userRateLimitExceeded and rateLimitExceeded, counted per minute; Apps Script's "Service
 * invoked too many times in a short time"). Worth trying again within the hour.
 */
export function isRateLimit(e: unknown): boolean {
  return /rate limit exceeded|too many times in a short time|too many requests|per minute/i.test(String((e as Error)?.message ?? e));
}

/** A daily quota ("Service invoked too many times for one day: ...", "Daily Limit Exceeded"): tomorrow. */
export function isQuotaError(e: unknown): boolean {
  if (isRateLimit(e)) return false;
  return /too many times|daily limit exceeded|usage limits exceeded|quota/i.test(String((e as Error)?.message ?? e));
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
  folder: FolderId;
  writer: LetterWriter;
  timeZone: string;
  logLink: string;
  lettersMade: boolean;
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
      if (this.rows.length === 0) throw new PlanGone();
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

/**
 * Append log rows for made items (under the lock) and count them. `logged`: drafts of a batch an
 * execution logged before it was cut off, whose rows on the Phone or mail follow-up sheet may still
 * say the draft was planned (they are marked as made on the day they were logged).
 */
function logMade(ctx: Ctx, made: MadeItem[], logged: readonly PlanItem[] = []): void {
  const at = new Date();
  const rows = made.map((m) => logRow(m, { at, by: ctx.by, importId: ctx.state.importId, jobId: ctx.state.id }));
  appendLog(ctx.ss, rows);
  made.forEach((m, n) => {
    ctx.log.keys.add(m.item.key);
    const entry: Record<string, string | Date> = {};
    LOGS.outreach.columns.forEach((h, i) => (entry[h] = rows[n][i]));
    ctx.log.entries.push(entry);
    const k = m.item.kind;
    if (k === 'email') ctx.state.made.drafts++;
    else if (k === 'follow-up') ctx.state.made.followUps++;
    else {
      ctx.state.made.letters++;
      ctx.lettersMade = true;
    }
  });
  markDrafts(ctx, made, logged, at);
}

/**
 * A family listed for a phone call whose draft is made: its row says the draft was made, not planned.
 * Drafts made now (`made`, at `at`) and drafts already logged (`logged`, on the day of their log row).
 */
function markDrafts(ctx: Ctx, made: readonly MadeItem[], logged: readonly PlanItem[], at: Date): void {
  if (!ctx.state.emailNow) return;
  const day = (d: Date) => Utilities.formatDate(d, ctx.timeZone, 'yyyy-MM-dd');
  const drafts = made
    .filter((m) => m.item.kind === 'email')
    .map(({ item }) => ({ studentId: item.studentId, tier: item.tier, madeOn: day(at) }));
  const wanted = new Map(logged.filter((i) => i.kind === 'email').map((i) => [i.key, i]));
  if (wanted.size) {
    for (const e of ctx.log.entries) {
      const item = wanted.get(String(e['Key'] ?? '').trim());
      if (!item) continue;
      const t = e['Timestamp'];
      const isDate = t instanceof Date || Object.prototype.toString.call(t) === '[object Date]';
      drafts.push({ studentId: item.studentId, tier: item.tier, madeOn: day(isDate ? (t as Date) : at) });
    }
  }
  if (drafts.length) ctx.state.emailNow = markDraftsMade(ctx.ss, drafts, ctx.state.runDate);
}

/** A draft Gmail refused, for the Phone or mail follow-up sheet. */
function refusedRow(item: PlanItem, e: unknown): NoEmailRow {
  const detail = String((e as Error)?.message ?? e).replace(/^API call to gmail\.users\.drafts\.create failed with error:\s*/i, '');
  return {
    studentId: item.studentId,
    studentName: item.studentName,
    school: item.school,
    tier: item.tier,
    guardian: fieldValue(item.fields, 'to name') ?? '',
    homePhone: fieldValue(item.fields, 'Home phone') ?? '',
    email: item.to.join(', '),
    reason: 'refused',
    detail,
  };
}

/**
 * Under the lock: record what was made (`made`, `refused`), then save the job record if the job is
 * still this execution's. If it was stopped meanwhile, what was made is still logged, the stopped
 * record gets the counts and its lease back, the plan is cleared, and JobGone ends the work.
 */
function commit(ctx: Ctx, made: MadeItem[] = [], refused: NoEmailRow[] = [], logged: readonly PlanItem[] = []): void {
  withJobLock(() => {
    logMade(ctx, made, logged);
    ctx.state.failed += appendNoEmail(ctx.ss, refused);
    const stored = loadJob();
    const mine = !!stored && stored.id === ctx.state.id && stored.lease?.owner === ctx.state.lease?.owner;
    if (!mine || !stored || (stored.status !== 'running' && stored.status !== 'starting')) {
      if (mine && stored) {
        // Stopped while this execution worked: it hands back its counts and the lease.
        stored.made = { ...ctx.state.made };
        stored.failed = ctx.state.failed;
        stored.inflight = null;
        stored.currentDoc = null;
        stored.lease = null;
        saveJob(stored);
        clearPlan(ctx.ss);
      }
      throw new JobGone(stored);
    }
    saveJob(ctx.state);
    if (isOver(ctx.state) && !ctx.state.inflight) clearPlan(ctx.ss);
  });
}

function upsertFollowUp(ctx: Ctx, items: PlanItem[]): string {
  const { owner, due } = items[0];
  const id = eventId(ctx.ss.getId(), owner, due);
  const students = new Map<string, FollowUpStudent>();
  for (const e of loggedFollowUps(ctx.log.entries, owner, due, ctx.by)) {
    students.set(`${e['Student ID']}|${e['Tier at the time']}`, {
      studentId: String(e['Student ID']),
      studentName: String(e['Student name']),
      tier: String(e['Tier at the time']) as TierId,
      school: String(e['School']),
      daysAbsent: '',
    });
  }
  for (const it of items) students.set(`${it.studentId}|${it.tier}`, followUpStudent(it));
  const list = [...students.values()];
  const summary = eventTitle(list);
  const description = eventDescription(list, ctx.logLink);
  const guests = owner && owner !== ctx.by && isEmail(owner) ? [{ email: owner }] : [];
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
    ctx.state.made.events++;
  } catch (e) {
    if (!/already exists/i.test(String((e as Error)?.message))) throw e;
    // Made earlier (another run today, or before an interruption): list every student on it. Calendar
    // keeps a deleted event, cancelled, under its ID: then it is brought back whole, with its guests.
    const found = Calendar!.Events!.get('primary', id);
    if (found.status === 'cancelled') {
      made = Calendar!.Events!.patch({ ...event, status: 'confirmed' }, 'primary', id, { sendUpdates: guests.length ? 'all' : 'none' });
      // On the calendar again: counted like one made now. An event only given more students is not.
      ctx.state.made.events++;
    } else made = Calendar!.Events!.patch({ summary, description }, 'primary', id, { sendUpdates: 'none' });
  }
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
    headers: { [KEY_HEADER]: draftTag(ctx.ss.getId(), item.key) },
  });
  const draft = Gmail!.Users!.Drafts!.create({ message: { raw } }, 'me');
  return `https://mail.google.com/mail/#drafts?compose=${draft.message?.id ?? draft.id}`;
}

/**
 * Drafts made since a moment, by the toolkit's tag in their header (draftTag; drafts an earlier
 * version made carry the key itself). users.drafts.get takes one query parameter, format;
 * "metadata" gives the message's headers (all of them: unlike messages.get, drafts.get has no
 * metadataHeaders).
 */
function findDrafts(spreadsheetId: string, since: number, wanted: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  const keyOfTag = new Map([...wanted].map((k) => [draftTag(spreadsheetId, k), k]));
  let pageToken: string | undefined;
  do {
    const page = Gmail!.Users!.Drafts!.list('me', {
      q: `after:${Math.floor((since - 120 * 1000) / 1000)}`,
      maxResults: 100,
      ...(pageToken ? { pageToken } : {}),
    });
    for (const d of page.drafts ?? []) {
      const full = Gmail!.Users!.Drafts!.get('me', String(d.id), { format: 'metadata' });
      const header = (full.message?.payload?.headers ?? []).find((h) => String(h.name).toLowerCase() === KEY_HEADER.toLowerCase());
      const value = header ? String(header.value) : '';
      const key = keyOfTag.get(value) ?? safeDecode(value);
      if (wanted.has(key)) found.set(key, `https://mail.google.com/mail/#drafts?compose=${full.message?.id ?? d.id}`);
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken && found.size < wanted.size);
  return found;
}

/** A header value URI-decoded ('' when it is not URI-encoded text, as a tag or another program's header may not be). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

function docName(ctx: Ctx, item: PlanItem): string {
  return documentName(item, ctx.state.runDate, ctx.state.perStudent);
}

/**
 * Make one batch; items made are pushed to `made` as they are made (so an error keeps them).
 * Drafts Gmail refuses (an address it will not take) go to `refused`, and the batch carries on.
 */
function runBatch(ctx: Ctx, items: PlanItem[], made: MadeItem[], refused: NoEmailRow[]): void {
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
          refused.push(refusedRow(item, e));
          continue;
        }
        throw e;
      }
    }
    return;
  }
  // Letters: load the template first, so a missing template stops before a page is begun.
  ctx.templates.get(items[0].templateId, items[0].tier, kind, items[0].language);
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
  // One document holds several levels (a call sheet is L2 to L4's): each page gets its own
  // student's template, which the cache loads once per document or level and language.
  for (const item of items)
    pages.push({ item, link: ctx.writer.addPage(item, ctx.templates.get(item.templateId, item.tier, kind, item.language)) });
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
    const found = findDrafts(ctx.ss.getId(), since, new Set(items.map((i) => i.key)));
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

function context(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, state: JobState, by: string): Ctx {
  const logSheet = ss.getSheetByName(LOGS.outreach.sheet);
  const ctx: Ctx = {
    ss,
    state,
    log: readLogSheet(ss),
    by,
    templates: new Templates(),
    folder: state.folderId,
    writer: null as unknown as LetterWriter,
    timeZone: ss.getSpreadsheetTimeZone(),
    logLink: `${ss.getUrl()}#gid=${logSheet ? logSheet.getSheetId() : 0}`,
    lettersMade: false,
  };
  ctx.writer = new LetterWriter(
    state.folderId,
    (group, id) => {
      if (state.currentDoc?.id !== id) {
        if (!state.currentDoc || state.currentDoc.group !== group) state.made.documents++;
        state.currentDoc = { group, id };
        commit(ctx);
      }
    },
    () => state.currentDoc,
  );
  return ctx;
}

/** The batch that was in flight when an execution was cut off: what it made is found and logged. */
function recoverInflight(ctx: Ctx, plan: PlanWindow): void {
  const { state } = ctx;
  if (!state.inflight) return;
  const { from, to, since } = state.inflight;
  const pending: PlanItem[] = [];
  // Logged already: the execution was cut off after the log write, perhaps before it marked the drafts made.
  const logged: PlanItem[] = [];
  for (let i = from; i < to; i++) (ctx.log.keys.has(plan.at(i).key) ? logged : pending).push(plan.at(i));
  const found = recoverBatch(ctx, pending, since);
  state.next = from;
  state.inflight = null;
  commit(ctx, found, [], logged);
}

/** What a failed batch leaves: paused (daily quota: a day; otherwise an hour) or, for good, failed. */
function afterFailure(state: JobState, e: unknown): void {
  state.attempts++;
  // Google's own words, without an advanced service's "API call to ... failed with error:".
  const words = String((e as Error)?.message ?? e).replace(/^API call to [\w.]+ failed with error:\s*/, '');
  if (isRateLimit(e)) {
    // Not a problem to count against the job's tries: it only has to wait a little.
    state.status = 'paused';
    state.resumeAt = Date.now() + HOUR;
    state.message = `Google asked the toolkit to slow down (${words}). What was made so far is kept; the job continues by itself within the hour, where it stopped.`;
    state.attempts = 0;
    return;
  }
  if (isQuotaError(e)) {
    state.status = 'paused';
    state.resumeAt = Date.now() + DAY;
    state.message = `Google's daily limit was reached (${words}). What was made so far is kept; the job continues by itself tomorrow, where it stopped.`;
    state.attempts = 0;
    return;
  }
  const plain = (e as Error)?.name === 'UserError';
  const said = describeForUser(e, 'preparing outreach');
  if (plain || state.attempts >= MAX_ATTEMPTS) {
    state.status = 'failed';
    state.resumeAt = null;
    state.message =
      `${said} The job has ended: what it made is kept and listed in the Outreach log. ` +
      `Fix the problem, then start outreach again; it makes only what is missing.`;
    return;
  }
  state.status = 'paused';
  state.resumeAt = Date.now() + HOUR;
  state.message = `The job stopped on a problem and tries again by itself in an hour (try ${state.attempts} of ${MAX_ATTEMPTS}). ${said}`;
}

/**
 * Work on the job until `deadline` (ms). The caller holds the job's lease (state.lease). Takes the
 * document lock only for moments. Returns the job as this execution left it.
 */
export function workOnJob(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, state: JobState, deadline: number, by: string): JobState {
  const ctx = context(ss, state, by);
  const plan = new PlanWindow(ss, state.total);
  let result = state;
  try {
    recoverInflight(ctx, plan);
    while (state.status === 'running') {
      while (state.next < state.total && ctx.log.keys.has(plan.at(state.next).key)) state.next++;
      if (state.next >= state.total) {
        finishJob(state);
        commit(ctx);
        break;
      }
      if (Date.now() > deadline - BATCH_RESERVE_MS) break;
      const from = state.next;
      const to = plan.batchEnd(from);
      const items: PlanItem[] = [];
      for (let i = from; i < to; i++) if (!ctx.log.keys.has(plan.at(i).key)) items.push(plan.at(i));
      state.inflight = { from, to, since: Date.now() };
      commit(ctx);
      const made: MadeItem[] = [];
      const refused: NoEmailRow[] = [];
      try {
        runBatch(ctx, items, made, refused);
      } catch (e) {
        if (isTimeout(e) || e instanceof JobGone || e instanceof SpreadsheetBusy) throw e;
        // Keep what this batch made; never leave half a page behind.
        let kept = made;
        if (isLetter(items[0].kind) && !state.perStudent) kept = recoverBatch(ctx, items, state.inflight.since);
        state.inflight = null;
        state.next = from;
        afterFailure(state, e);
        commit(ctx, kept, refused);
        break;
      }
      state.next = to;
      state.inflight = null;
      state.attempts = 0;
      commit(ctx, made, refused);
    }
  } catch (e) {
    result = stoppedWorking(ctx, e);
  }
  if (ctx.lettersMade || result.status === 'done') {
    try {
      withJobLock(() => writeRosterLinks(ss, ctx.log));
    } catch (e) {
      // The links are rebuilt by the next run or import.
      if (!(e instanceof SpreadsheetBusy)) throw e;
    }
  }
  return result;
}

/** Why this execution stopped working, and the job as it is now. Other errors are thrown on. */
function stoppedWorking(ctx: Ctx, e: unknown): JobState {
  if (e instanceof JobGone) return e.stored ?? ctx.state;
  // The spreadsheet stayed busy: this execution stops here. A batch in flight is found by the next one.
  if (e instanceof SpreadsheetBusy) return ctx.state;
  if (!(e instanceof PlanGone)) throw e;
  // No work list: stopped meanwhile (commit says so), or deleted, and then the job ends for good.
  const { state } = ctx;
  state.inflight = null;
  state.status = 'failed';
  state.resumeAt = null;
  state.message = PLAN_GONE;
  try {
    commit(ctx);
  } catch (again) {
    if (again instanceof JobGone) return again.stored ?? state;
    if (!(again instanceof SpreadsheetBusy)) throw again;
  }
  return state;
}

/**
 * A job that is over but still has a batch in flight (its execution was cut off, then it was
 * stopped): find and log what that batch made, then clear the plan. The caller holds the lease.
 */
export function settleJob(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, state: JobState, by: string): JobState {
  const ctx = context(ss, state, by);
  const { inflight } = state;
  const items = inflight ? readPlanRows(ss, inflight.from, inflight.to - inflight.from) : [];
  const logged = items.filter((i) => ctx.log.keys.has(i.key));
  const found = inflight ? recoverBatch(ctx, items, inflight.since) : [];
  const pending = found.filter((m) => !ctx.log.keys.has(m.item.key));
  withJobLock(() => {
    logMade(ctx, pending, logged);
    const stored = loadJob();
    if (!stored || stored.id !== state.id) return;
    stored.made = { ...state.made };
    stored.inflight = null;
    stored.currentDoc = null;
    stored.lease = null;
    saveJob(stored);
    clearPlan(ss);
    state.inflight = null;
  });
  if (ctx.lettersMade) withJobLock(() => writeRosterLinks(ss, ctx.log));
  return state;
}

function finishJob(state: JobState): void {
  const m = state.made;
  state.status = 'done';
  state.resumeAt = null;
  state.currentDoc = null;
  state.message =
    `Done: ${plural(m.letters, 'letter and call-sheet page')} in ${plural(m.documents, 'document')}, ${plural(m.drafts, 'Gmail draft')}, ` +
    (m.followUps > 0 && m.events === 0
      ? `${plural(m.followUps, 'student')} added to Calendar follow-ups already on the calendar.`
      : `${plural(m.followUps, 'student')} on ${plural(m.events, 'Calendar follow-up')}.`) +
    (state.failed
      ? ` Gmail refused ${plural(state.failed, 'draft')} (the address); ${state.failed === 1 ? 'that student is' : 'those students are'} on the Phone or mail follow-up sheet.`
      : '') +
    (state.uninvited ? ` ${state.uninvited}` : '') +
    (state.lowered ? ` ${state.lowered}` : '');
}

/** A job record that blocks a new job: running or paused, or being started by a live execution. */
export function activeJob(now = Date.now()): JobState | null {
  const job = loadJob();
  if (!job) return null;
  if (job.status === 'running' || job.status === 'paused') return job;
  if (job.status === 'starting' && job.lease && job.lease.until > now) return job;
  return null;
}

export function ensureNoActiveJob(now = Date.now()): void {
  const job = activeJob(now);
  if (job) {
    throw new UserError(
      `An outreach job is already running in this spreadsheet (started by ${job.startedBy} on ${job.startedAt.slice(0, 10)}; ` +
        `${job.next.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')} done). It continues by itself; open Prepare outreach to follow it, or stop it there first.`,
    );
  }
  const last = loadJob();
  if (last && last.lease && last.lease.until > now) {
    throw new UserError('The last outreach job is still finishing the batch it was making when it was stopped. Try again in a minute.');
  }
}
