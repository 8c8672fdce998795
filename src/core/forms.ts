/**
 * The student panel's four forms (Contact, Home visit, Referral, Success plan): their choices,
 * their defaults, and the validation the server runs on every save. The sidebar checks the same
 * things as you type, but only this check counts: a form is saved whole or not at all.
 *
 * Every problem is a sentence naming the field, so a clerk knows what to fix.
 */
import { isValidEmail } from './outreach/email';
import { addDays, isIsoDay } from './dates';
import { isClosedStatus, LogRow, LOGS } from './logs';
import { Partner } from './partners';
import { tierRule } from './rules';
import { LoggedStudent, Student } from './student';

export const CONTACT_METHODS = ['Phone call', 'Email', 'Letter', 'Text message', 'Meeting with student', 'Meeting with family'] as const;
export const CONTACT_OUTCOMES = [
  'Reached',
  'Met',
  'Left message',
  'No answer',
  'Wrong number',
  'Number not in service',
  'Sent, no reply yet',
  'Returned undelivered',
] as const;

/** The toolkit's six home-visit fields: reason, type, how and scheduled are its drop-downs. */
export const HOME_VISIT_REASONS = ['Designated by school attendance team', 'Other'] as const;
export const HOME_VISIT_TYPES = [
  'Visit 1 - current student absences',
  'Visit 2 - current student absences',
  'Visit 3 - current student absences',
] as const;
export const HOME_VISIT_HOW = ['Virtual', 'In person'] as const;
export const YES_NO = ['Yes', 'No'] as const;

export const REFERRAL_STATUSES = ['Made', 'Accepted', 'In progress', 'Closed'] as const;
/** The toolkit monitors referrals bi-weekly: the next update is due in 14 days by default. */
export const REFERRAL_UPDATE_DAYS = 14;
/** A success mentor checks in weekly by default. */
export const CHECK_IN_DAYS = 7;

export const LIMITS = {
  notes: 5000,
  name: 100,
  email: 254,
  plan: 2000,
  explain: 500,
  /** A next update or check-in may be set up to a year ahead. */
  daysAhead: 366,
} as const;

export interface ContactForm {
  studentId: string;
  method: string;
  outcome: string;
  reason: string;
  notes: string;
}

export interface HomeVisitForm {
  studentId: string;
  visitor: string;
  reason: string;
  otherReason: string;
  type: string;
  how: string;
  scheduled: string;
  notes: string;
}

export interface ReferralForm {
  studentId: string;
  /** Empty for a new referral; the referral's ID to add a status update. */
  referralId: string;
  partner: string;
  status: string;
  nextUpdateDue: string;
  notes: string;
}

export interface SuccessPlanForm {
  studentId: string;
  /** Empty for a new plan; the plan's ID to add an update. */
  planId: string;
  mentorName: string;
  mentorEmail: string;
  goals: string;
  supports: string;
  nextCheckIn: string;
  notes: string;
}

export type FormKind = 'contact' | 'homeVisit' | 'referral' | 'successPlan';

export interface FieldProblem {
  field: string;
  message: string;
}

/** What the server knows when it checks a form. */
export interface FormContext {
  /** Today in the spreadsheet's time zone, yyyy-mm-dd. */
  today: string;
  /** The student the form is about, or null when the ID is not on the Roster. */
  student: Student | null;
  /**
   * A student not on the Roster whom the Referrals log knows (they left with a referral open), or
   * null: only an update of one of their referrals can be saved for them.
   */
  logged?: LoggedStudent | null;
  reasons: readonly string[];
  partners: readonly Partner[];
  /** This student's Referrals log entries, oldest first (for status updates). */
  referrals: readonly LogRow[];
  /** This student's Success plans log entries, oldest first (for plan updates). */
  plans: readonly LogRow[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Reads the fields of a form object that came from the page, checking each is text. */
class Reader {
  readonly problems: FieldProblem[] = [];
  /** Not a form at all: one problem says so, and the fields are not checked one by one. */
  private readonly broken: boolean;
  constructor(private readonly raw: unknown) {
    this.broken = raw === null || typeof raw !== 'object' || Array.isArray(raw);
    if (this.broken) this.problems.push({ field: 'form', message: 'The form did not arrive. Reload the panel and try again.' });
  }
  private get(field: string): unknown {
    return this.raw && typeof this.raw === 'object' ? (this.raw as Record<string, unknown>)[field] : undefined;
  }
  /** Text as typed (notes keep their spaces, quotes, line breaks and emoji exactly). */
  text(field: string, label: string, max: number, required: string | null): string {
    if (this.broken) return '';
    const v = this.get(field);
    if (v === undefined || v === null) {
      if (required) this.problems.push({ field, message: required });
      return '';
    }
    if (typeof v !== 'string') {
      this.problems.push({ field, message: `${label} must be text.` });
      return '';
    }
    if (required && v.trim() === '') this.problems.push({ field, message: required });
    else if (v.length > max) {
      this.problems.push({
        field,
        message: `${label} is ${v.length.toLocaleString('en-US')} characters long; the limit is ${max.toLocaleString('en-US')}. Shorten it and save again.`,
      });
    }
    return v;
  }
  /** A one-line value: trimmed. */
  line(field: string, label: string, max: number, required: string | null): string {
    return this.text(field, label, max, required).trim();
  }
  /** One of a fixed list (exact match after trimming). */
  choice(field: string, label: string, allowed: readonly string[], required: string | null): string {
    const v = this.line(field, label, 200, required);
    if (v !== '' && !allowed.includes(v)) {
      this.problems.push({ field, message: `"${v}" is not one of the choices for ${label.toLowerCase()} (${allowed.join(', ')}).` });
    }
    return v;
  }
  add(field: string, message: string): void {
    if (!this.broken) this.problems.push({ field, message });
  }
}

/** The student ID; `referralUpdate`: the form may be about a student known only from the Referrals log. */
function checkStudent(r: Reader, ctx: FormContext, referralUpdate = false): string {
  const id = r.line('studentId', 'Student ID', 100, 'Choose a student first: search by name or ID.');
  if (id && !ctx.student && ctx.logged) {
    if (!referralUpdate) r.add('studentId', notOnRosterNow(ctx.logged));
  } else if (id && !ctx.student) {
    r.add(
      'studentId',
      `There is no student with ID "${id}" on the Roster. Search for the student again (the roster may have been re-imported).`,
    );
  }
  return id;
}

function notOnRosterNow(s: LoggedStudent): string {
  return `${s.name || s.id} is not on the current roster, so only an update of their open referral can be saved (to record the partner's news or close it). Nothing else is logged for a student who left.`;
}

function checkDay(r: Reader, field: string, label: string, value: string, today: string): void {
  if (value === '') return;
  if (!isIsoDay(value)) {
    r.add(field, `${label} must be a date such as ${addDays(today, REFERRAL_UPDATE_DAYS)}; it says "${value}".`);
    return;
  }
  if (value < today) r.add(field, `${label} (${value}) is in the past. Choose today or a later day.`);
  else if (value > addDays(today, LIMITS.daysAhead)) r.add(field, `${label} (${value}) is more than a year away. Choose a nearer day.`);
}

function done<T>(r: Reader, value: T): Checked<T> {
  return r.problems.length ? { ok: false, problems: r.problems } : { ok: true, value };
}

export function checkContact(raw: unknown, ctx: FormContext): Checked<ContactForm> {
  const r = new Reader(raw);
  const studentId = checkStudent(r, ctx);
  const method = r.choice('method', 'Method', CONTACT_METHODS, 'Choose how you contacted the family or student.');
  const outcome = r.choice('outcome', 'Outcome', CONTACT_OUTCOMES, 'Choose the outcome of the contact.');
  const reason = r.choice('reason', 'Reason for absence', ctx.reasons, null);
  const notes = r.text('notes', 'Notes', LIMITS.notes, null);
  return done(r, { studentId, method, outcome, reason, notes });
}

export function checkHomeVisit(raw: unknown, ctx: FormContext): Checked<HomeVisitForm> {
  const r = new Reader(raw);
  const studentId = checkStudent(r, ctx);
  const visitor = r.line('visitor', 'Name of home visitor', LIMITS.name, 'Enter the name of the home visitor.');
  const reason = r.choice('reason', 'Reason for visit', HOME_VISIT_REASONS, 'Choose the reason for the visit.');
  let otherReason = r.line('otherReason', 'Other reason', LIMITS.explain, null);
  if (reason === 'Other' && otherReason === '') r.add('otherReason', 'The reason is Other: please explain it.');
  if (reason !== 'Other' && otherReason !== '') {
    r.add('otherReason', 'An explanation is only kept when the reason is Other. Choose Other, or clear the explanation.');
    otherReason = '';
  }
  const type = r.choice('type', 'Type of visit', HOME_VISIT_TYPES, 'Choose the type of visit (Visit 1, 2 or 3).');
  const how = r.choice('how', 'How the visit took place', HOME_VISIT_HOW, 'Choose how the visit took place (virtual or in person).');
  const scheduled = r.choice('scheduled', 'Scheduled', YES_NO, 'Say whether the visit was scheduled.');
  const notes = r.text('notes', 'Detailed field notes', LIMITS.notes, 'Write the detailed field notes of the visit.');
  return done(r, { studentId, visitor, reason, otherReason, type, how, scheduled, notes });
}

/**
 * Log rows in the order they were logged: by their Timestamp, so a log someone sorted (newest
 * first, by status) still reads in time order. Rows of the same moment, and rows whose timestamp
 * cannot be read (taken as of the row above), keep their sheet order.
 */
export function inLoggedOrder(rows: readonly LogRow[]): LogRow[] {
  let last = -Infinity;
  const timed = rows.map((row, i) => {
    const v = row['Timestamp'];
    const t =
      v instanceof Date || Object.prototype.toString.call(v) === '[object Date]'
        ? (v as Date).getTime()
        : typeof v === 'string' && v.trim() !== ''
          ? Date.parse(v)
          : NaN;
    if (!Number.isNaN(t)) last = t;
    return { row, i, t: Number.isNaN(t) ? last : t };
  });
  return timed.sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.row);
}

/** The latest entry of each referral (by Referral ID), in the order referrals were first made. */
export function latestByKey(rows: readonly LogRow[], key: string): LogRow[] {
  const latest = new Map<string, LogRow>();
  for (const row of inLoggedOrder(rows)) {
    const id = String(row[key] ?? '').trim();
    if (!id) continue;
    // In logged order, a later row is a later update.
    if (latest.has(id)) latest.delete(id);
    latest.set(id, row);
  }
  return [...latest.values()];
}

export function checkReferral(raw: unknown, ctx: FormContext): Checked<ReferralForm> {
  const r = new Reader(raw);
  const studentId = checkStudent(r, ctx, true);
  const referralId = r.line('referralId', 'Referral', 100, null);
  let partner = r.line('partner', 'Partner', 200, null);
  const offRoster = studentId !== '' && !ctx.student && ctx.logged ? ctx.logged : null;
  if (offRoster && !referralId) {
    r.add('referralId', notOnRosterNow(offRoster));
  } else if (referralId) {
    // Without the student on the Roster (or on the Referrals log) their referrals are not read: checkStudent says what to do.
    if (ctx.student || offRoster) {
      const history = inLoggedOrder(ctx.referrals.filter((x) => String(x['Referral ID'] ?? '').trim() === referralId));
      if (history.length === 0) {
        r.add('referralId', `This student has no referral ${referralId}. Choose "New referral" or one of the student's referrals.`);
      } else {
        const current = history[history.length - 1];
        const was = String(current['Partner'] ?? '');
        if (partner === '') partner = was;
        else if (partner !== was) {
          r.add('partner', `Referral ${referralId} is to ${was}; its partner cannot change. Make a new referral to ${partner} instead.`);
        }
        if (isClosedStatus(current['Status'])) {
          r.add('referralId', `Referral ${referralId} to ${was} is closed. Make a new referral if the student needs it again.`);
        }
      }
    }
  } else if (partner === '') {
    r.add('partner', 'Choose the partner the student is referred to.');
  } else {
    const known = ctx.partners.find((p) => p.name === partner);
    if (!known)
      r.add('partner', `"${partner}" is not on the Partners sheet. Choose a partner from the list (or add it to the Partners sheet).`);
    else if (!known.active) r.add('partner', `${partner} is marked inactive on the Partners sheet. Choose another partner.`);
  }
  const status = r.choice('status', 'Status', REFERRAL_STATUSES, 'Choose the status of the referral.');
  const nextUpdateDue = r.line('nextUpdateDue', 'Next update due', 20, null);
  if (status === 'Closed') {
    if (nextUpdateDue !== '') r.add('nextUpdateDue', 'A closed referral needs no next update. Clear the date, or choose another status.');
  } else if (status !== '') {
    if (nextUpdateDue === '')
      r.add('nextUpdateDue', `Choose when the next update is due (bi-weekly: ${addDays(ctx.today, REFERRAL_UPDATE_DAYS)}).`);
    else checkDay(r, 'nextUpdateDue', 'Next update due', nextUpdateDue, ctx.today);
  }
  const notes = r.text('notes', 'Notes', LIMITS.notes, null);
  return done(r, { studentId, referralId, partner, status, nextUpdateDue, notes });
}

export function checkSuccessPlan(raw: unknown, ctx: FormContext): Checked<SuccessPlanForm> {
  const r = new Reader(raw);
  const studentId = checkStudent(r, ctx);
  const planId = r.line('planId', 'Success plan', 100, null);
  if (planId && ctx.student && !ctx.plans.some((x) => String(x['Plan ID'] ?? '').trim() === planId)) {
    r.add('planId', `This student has no success plan ${planId}. Choose "New plan" or the student's plan.`);
  }
  const mentorName = r.line('mentorName', "Mentor's name", LIMITS.name, "Enter the success mentor's name.");
  const mentorEmail = r.line('mentorEmail', "Mentor's email", LIMITS.email, "Enter the success mentor's email.").toLowerCase();
  if (mentorEmail && mentorEmail.length <= LIMITS.email && !isValidEmail(mentorEmail)) {
    r.add('mentorEmail', `"${mentorEmail}" is not an email address. Check the mentor's email.`);
  }
  const goals = r.text('goals', 'Goals', LIMITS.plan, 'Write the goals agreed with the student and family.');
  const supports = r.text('supports', 'Agreed supports', LIMITS.plan, 'Write the supports the school, student and family agreed on.');
  const nextCheckIn = r.line('nextCheckIn', 'Next check-in', 20, 'Choose the date of the next check-in.');
  checkDay(r, 'nextCheckIn', 'Next check-in', nextCheckIn, ctx.today);
  const notes = r.text('notes', 'Notes', LIMITS.notes, null);
  return done(r, { studentId, planId, mentorName, mentorEmail, goals, supports, nextCheckIn, notes });
}

/** Who, when and which student: the first columns of every log. */
export interface EntryStamp {
  timestamp: Date;
  enteredBy: string;
  /** A student not on the Roster (a referral update) is logged as the Referrals log knows them, with no tier. */
  student: Student | LoggedStudent;
}

function common(stamp: EntryStamp): LogRow {
  return {
    Timestamp: stamp.timestamp,
    'Entered by': stamp.enteredBy,
    'Student ID': stamp.student.id,
    'Student name': stamp.student.name,
    School: stamp.student.school,
    // The level the student was at when the entry was made; a later import never changes it.
    'Tier at the time': stamp.student.tier ?? '',
  };
}

export function contactEntry(f: ContactForm, stamp: EntryStamp): LogRow {
  return { ...common(stamp), Method: f.method, Outcome: f.outcome, 'Reason for absence': f.reason, Notes: f.notes };
}

export function homeVisitEntry(f: HomeVisitForm, stamp: EntryStamp): LogRow {
  return {
    ...common(stamp),
    'Name of home visitor': f.visitor,
    'Reason for visit': f.reason,
    'Other reason (explain)': f.otherReason,
    'Type of visit': f.type,
    'How the visit took place': f.how,
    Scheduled: f.scheduled,
    'Detailed field notes': f.notes,
  };
}

export function referralEntry(f: ReferralForm, referralId: string, stamp: EntryStamp): LogRow {
  return {
    ...common(stamp),
    'Referral ID': referralId,
    Partner: f.partner,
    Status: f.status,
    'Next update due': f.nextUpdateDue,
    Notes: f.notes,
  };
}

export function successPlanEntry(f: SuccessPlanForm, planId: string, stamp: EntryStamp): LogRow {
  return {
    ...common(stamp),
    'Plan ID': planId,
    'Mentor name': f.mentorName,
    'Mentor email': f.mentorEmail,
    Goals: f.goals,
    'Agreed supports': f.supports,
    'Next check-in': f.nextCheckIn,
    Notes: f.notes,
  };
}

/**
 * A new referral or plan ID: a prefix, the time in base 36 and six random characters, so two
 * people saving in the same millisecond still get different IDs.
 */
export function newEntryId(prefix: 'R' | 'P', nowMs: number, random: () => number): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += Math.floor(random() * 36).toString(36);
  return `${prefix}-${nowMs.toString(36).toUpperCase()}-${tail.toUpperCase()}`;
}

/** The choices and defaults the sidebar's forms offer. */
export interface FormOptions {
  contactMethods: string[];
  contactOutcomes: string[];
  reasons: string[];
  homeVisitReasons: string[];
  homeVisitTypes: string[];
  homeVisitHow: string[];
  yesNo: string[];
  partners: { name: string; kind: string; offers: string }[];
  referralStatuses: string[];
  limits: typeof LIMITS;
  /** `today` (yyyy-mm-dd, the spreadsheet's zone): an update keeps a plan's check-in day unless it has passed. */
  defaults: FormDates & { visitor: string };
}

/**
 * The forms' default days, from today in the spreadsheet's time zone. Every panel carries them
 * (see PanelView.dates): staff leave the sidebar open for days, and defaults taken when it opened
 * would be a day off by the morning and, a week on, a check-in refused as "in the past".
 */
export interface FormDates {
  today: string;
  nextUpdateDue: string;
  nextCheckIn: string;
}

export function formDates(today: string): FormDates {
  return { today, nextUpdateDue: addDays(today, REFERRAL_UPDATE_DAYS), nextCheckIn: addDays(today, CHECK_IN_DAYS) };
}

export function formOptions(today: string, reasons: readonly string[], partners: readonly Partner[], user: string): FormOptions {
  return {
    contactMethods: [...CONTACT_METHODS],
    contactOutcomes: [...CONTACT_OUTCOMES],
    reasons: [...reasons],
    homeVisitReasons: [...HOME_VISIT_REASONS],
    homeVisitTypes: [...HOME_VISIT_TYPES],
    homeVisitHow: [...HOME_VISIT_HOW],
    yesNo: [...YES_NO],
    partners: partners.filter((p) => p.active).map((p) => ({ name: p.name, kind: String(p.kind), offers: p.offers })),
    referralStatuses: [...REFERRAL_STATUSES],
    limits: LIMITS,
    defaults: { ...formDates(today), visitor: user },
  };
}

/** Which log each form writes to. */
export const FORM_LOG = { contact: 'contacts', homeVisit: 'homeVisits', referral: 'referrals', successPlan: 'successPlans' } as const;

/** The tier's name for messages ("L3 Moderate"), or the roster's words when there is no tier. */
export function tierLabel(student: Student): string {
  return student.tier ? `${student.tier} ${tierRule(student.tier).name}` : 'No attendance reported';
}

// Keep the form fields and the log columns in step: every key written is a column of its log.
export const LOG_COLUMNS_OF: Record<FormKind, readonly string[]> = {
  contact: LOGS.contacts.columns,
  homeVisit: LOGS.homeVisits.columns,
  referral: LOGS.referrals.columns,
  successPlan: LOGS.successPlans.columns,
};
