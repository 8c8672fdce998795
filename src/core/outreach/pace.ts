/**
 * How long an outreach job takes, said before it starts (the preview) and while it runs: a clerk
 * must know that a district's first outreach is days of work, not minutes.
 *
 * Two things set the pace:
 *   - Google's daily quotas, per user (Apps Script's quotas page; they reset 24 hours after the
 *     first use): documents created, Gmail writes (a draft is one) and Calendar events created.
 *     A job that reaches one pauses until the next day (src/gas/outreach-job.ts), with the window
 *     open or not.
 *   - Time. With the Prepare outreach window open the job works without a break. Closed, the
 *     toolkit clock continues it once an hour (an add-on's time-driven triggers run at most hourly)
 *     for a few minutes (TRIGGER_BUDGET_MS): about an hour of work a day, whichever the account.
 *
 * The seconds per item are those of the emulated Workspace at its typical latencies
 * (`npm run bench -- outreach`: 15,355 call-sheet and letter pages in 120 documents, 9,972 drafts,
 * 80 events; 235.6 minutes of work over 73.5 hours with the window open for its first 30 calls).
 * An estimate, said as one ("about").
 */
import { plural } from '../words';
import { emailDomain } from './email';

/** A personal Google account (gmail.com), or a Google Workspace account (a district's, Education included). */
export type AccountKind = 'consumer' | 'workspace';

/** Apps Script's daily quotas the job uses, per user (documents created, Gmail writes, Calendar events created). */
export const DAILY_LIMITS: Record<AccountKind, { documents: number; gmailWrites: number; events: number }> = {
  consumer: { documents: 250, gmailWrites: 20000, events: 5000 },
  workspace: { documents: 1500, gmailWrites: 50000, events: 10000 },
};

/** Seconds of work per item, measured in the emulated Workspace (see the top of this file). */
export const WORK_SECONDS = {
  /** A page of a shared document (one per school and kind). */
  page: 0.45,
  /** A shared document: found or made, opened, saved. */
  document: 3,
  /** A document of its own per student ("Outreach: one document per student"): made, written, saved. */
  studentDocument: 2.8,
  draft: 0.85,
  event: 2,
} as const;

/** Minutes of work the hourly clock does in a day with the window closed (24 runs of about 2.5 minutes; the bench's 61.7). */
export const CLOCK_MINUTES_PER_DAY = 60;

/** What a job (or what is left of one) makes. */
export interface JobSize {
  /** Call-sheet and letter pages. */
  pages: number;
  /** Google Docs created: the letters' documents, and the toolkit's template documents when they are made first. */
  documents: number;
  drafts: number;
  events: number;
  perStudent: boolean;
}

export interface Pace {
  account: AccountKind;
  /** Days the daily quotas alone need (1 when the job fits in one day's quotas). */
  quotaDays: number;
  /** The quota that sets quotaDays, when it is more than one day. */
  bound: 'documents' | 'drafts' | 'events' | null;
  workMinutes: number;
  /** Days with the window closed (the clock alone), at least quotaDays. */
  daysClosed: number;
}

/** The account kind of an email: a personal account is gmail.com (or an unknown email: the smaller quotas, to be safe). */
export function accountKind(email: string): AccountKind {
  if (!email.includes('@') || /\s/.test(email)) return 'consumer';
  const domain = emailDomain(email);
  return domain === 'gmail.com' || domain === 'googlemail.com' ? 'consumer' : 'workspace';
}

function jobPace(size: JobSize, account: AccountKind): Pace {
  const limits = DAILY_LIMITS[account];
  const days = {
    documents: Math.ceil(size.documents / limits.documents),
    drafts: Math.ceil(size.drafts / limits.gmailWrites),
    events: Math.ceil(size.events / limits.events),
  };
  let bound: Pace['bound'] = null;
  let quotaDays = 1;
  for (const k of ['documents', 'drafts', 'events'] as const) {
    if (days[k] > quotaDays) {
      quotaDays = days[k];
      bound = k;
    }
  }
  const seconds = size.perStudent
    ? size.documents * WORK_SECONDS.studentDocument
    : size.pages * WORK_SECONDS.page + size.documents * WORK_SECONDS.document;
  const workMinutes = (seconds + size.drafts * WORK_SECONDS.draft + size.events * WORK_SECONDS.event) / 60;
  const daysClosed = Math.max(quotaDays, Math.round(workMinutes / CLOCK_MINUTES_PER_DAY), 1);
  return { account, quotaDays, bound, workMinutes, daysClosed };
}

/** "about 40 minutes", "about 4 hours". */
function duration(minutes: number): string {
  if (minutes < 55) return `about ${plural(Math.max(5, Math.round(minutes / 5) * 5), 'minute')}`;
  return `about ${plural(Math.max(1, Math.round(minutes / 60)), 'hour')}`;
}

const ACCOUNT_WORDS: Record<AccountKind, string> = {
  consumer: 'a personal Google account (gmail.com)',
  workspace: 'a Google Workspace account such as the district\u2019s',
};

const QUOTA_WORDS: Record<NonNullable<Pace['bound']>, (n: number) => string> = {
  documents: (n) => `create ${plural(n, 'Google Doc')}`,
  drafts: (n) => `make ${plural(n, 'Gmail draft')}`,
  events: (n) => `create ${plural(n, 'Calendar event')}`,
};

function quotaSentence(size: JobSize, pace: Pace): string {
  if (!pace.bound) return '';
  const limits = DAILY_LIMITS[pace.account];
  const limit = pace.bound === 'documents' ? limits.documents : pace.bound === 'drafts' ? limits.gmailWrites : limits.events;
  const need = size[pace.bound];
  return (
    `Google lets ${ACCOUNT_WORDS[pace.account]} ${QUOTA_WORDS[pace.bound](limit)} a day, and this job needs ${need.toLocaleString('en-US')}: ` +
    `it takes at least ${plural(pace.quotaDays, 'day')}, whether this window is open or not (each day it stops at the limit and continues by itself the next day). `
  );
}

/** What the preview says of a job's length (empty when there is nothing to make). */
export function paceNote(size: JobSize, account: AccountKind): string {
  if (size.documents + size.drafts + size.events === 0) return '';
  const pace = jobPace(size, account);
  const open = pace.quotaDays > 1 ? `at least ${plural(pace.quotaDays, 'day')}` : duration(pace.workMinutes);
  return (
    `How long: ${quotaSentence(size, pace)}` +
    `With this window open, the job is done in ${open}. If you close it, the toolkit carries on by itself for a few minutes each hour ` +
    `(about an hour of work a day), so it takes about ${plural(pace.daysClosed, 'day')}` +
    `${pace.daysClosed === 1 ? '' : ` at the daily limits of ${ACCOUNT_WORDS[pace.account]}`}.`
  );
}

/** What the job's progress says of what is left (empty when nothing is). */
function remainingNote(left: JobSize, account: AccountKind): string {
  if (left.documents + left.drafts + left.events + left.pages === 0) return '';
  const pace = jobPace(left, account);
  const open = pace.quotaDays > 1 ? `at least ${plural(pace.quotaDays, 'day')}` : duration(pace.workMinutes);
  return `Left: ${open} with this window open; about ${plural(pace.daysClosed, 'day')} with it closed${pace.bound ? ` (Google's daily limit on ${pace.bound})` : ''}.`;
}

/** What a job's plan makes, as its preview counts it (PreviewCounts in plan.ts has these and more). */
export interface PlannedJob {
  counts: {
    /** Each kind of letter, with its pages in all. */
    letters: readonly { total: number }[];
    documents: number;
    drafts: number;
    events: number;
  };
  /** "Outreach: one document per student". */
  perStudent: boolean;
  /** The toolkit's template documents made before the job's own (0 when they exist already). */
  templateDocuments: number;
}

/** What the job makes, for its pace: the plan's pages, documents (and the template documents made first), drafts and events. */
export function jobSize(job: PlannedJob): JobSize {
  const c = job.counts;
  return {
    pages: c.letters.reduce((n, l) => n + l.total, 0),
    documents: c.documents + job.templateDocuments,
    drafts: c.drafts,
    events: c.events,
    perStudent: job.perStudent,
  };
}

/** A running job's record, as far as its pace goes (JobState in src/gas/outreach-job.ts). */
export interface JobMade {
  /** What the job was planned to make. Missing in records of older versions. */
  planned?: JobSize;
  made: { letters: number; documents: number; drafts: number; events: number };
  /** Drafts Gmail refused (listed on the Phone or mail follow-up sheet): none is left to make. */
  failed: number;
  /** The account whose daily quotas the job uses. Missing in records of older versions. */
  account?: AccountKind;
}

/** What is left of the plan, and how long it takes (from the plan's counts and what was made); '' when the plan is not known. */
export function paceLeft(job: JobMade): string {
  const p = job.planned;
  if (!p) return '';
  const m = job.made;
  const left = (n: number, done: number) => Math.max(0, n - done);
  return remainingNote(
    {
      pages: left(p.pages, m.letters),
      documents: left(p.documents, m.documents),
      drafts: left(p.drafts, m.drafts + job.failed),
      events: left(p.events, m.events),
      perStudent: p.perStudent,
    },
    job.account ?? 'consumer',
  );
}
