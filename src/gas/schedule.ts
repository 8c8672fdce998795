/**
 * The bi-weekly schedule: the toolkit clock's "report" duty (src/gas/clock.ts; an add-on has one
 * time-based trigger per user per document, so the report shares the clock's). "On" arms it for
 * the next Monday 6:00 in the spreadsheet's time zone; each run re-arms it two weeks after the
 * previous due time (rolled forward past missed ones), rebuilds the report and leaves each
 * principal a Gmail draft with their school's own numbers (small groups hidden) and a link, or
 * sends it when the district opts in (Settings: "Email principals directly"). "Off" disarms it.
 * Uses the Gmail advanced service (gmail.compose scope) and ScriptApp (script.scriptapp). The
 * scheduled path never touches the UI.
 */
import { mimeMessage, principalEmail } from '../core/report';
import { armDuty, dutyRecord, dutyUser, registerDuty, takeOverLegacyTrigger, updateClock } from './clock';
import { plural, someNames } from '../core/words';
import { loadSettings } from './settings-sheet';
import { offsetIn } from './zone';
import { buildReportNow } from './report';
import { describeForUser, forDialog, fromMenu, Outcome, withDocumentLock } from './user-errors';

/** The handler of the bi-weekly trigger older versions made; it is the function that does the work. */
export const REPORT_TRIGGER_HANDLER = 'runScheduledReport';
export const REPORT_DUTY = 'report';
const LAST_RUN_KEY = 'toolkit.lastScheduledReport';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const REPORT_HOUR = 6;
const EVERY_DAYS = 14;

export interface ScheduledRun {
  at: string;
  ok: boolean;
  drafts: number;
  sent: number;
  /** Schools in Settings without a principal email. */
  noEmail: number;
  /** Schools in Settings with no students on the roster. */
  noStudents: number;
  message: string;
}

export interface ScheduleStatus {
  on: boolean;
  /** When the next report is due (ISO), while the schedule is on. */
  next: string | null;
  /** Who turned it on: their clock runs it and the drafts go to their Gmail. */
  by: string | null;
  /**
   * Due more than a day ago and not run: the clock of the person who turned it on no longer runs
   * (their account removed, say). Turning it on again takes it over.
   */
  stalled: boolean;
  mode: 'drafts' | 'emails';
  principals: number;
  lastRun: ScheduledRun | null;
}

/** The calendar date of an instant in `tz`, as days since 1970-01-01. */
function localDay(at: number, tz: string): number {
  const [y, mo, d] = Utilities.formatDate(new Date(at), tz, 'yyyy-MM-dd').split('-').map(Number);
  return Math.round(Date.UTC(y, mo - 1, d) / DAY);
}

/** The instant of `hour`:00 on a calendar date (days since 1970-01-01) in `tz`, daylight saving included. */
function localHour(day: number, hour: number, tz: string): number {
  const wall = day * DAY + hour * HOUR;
  const guess = wall - offsetIn(tz, wall) * 60000;
  return wall - offsetIn(tz, guess) * 60000;
}

/** The first Monday 6:00 in `tz` after `after`. */
export function nextMondayMorning(after: number, tz: string): number {
  let day = localDay(after, tz);
  for (let i = 0; i < 9; i++, day++) {
    // 1970-01-01 was a Thursday: day 4 is a Monday.
    if ((((day - 4) % 7) + 7) % 7 !== 0) continue;
    const at = localHour(day, REPORT_HOUR, tz);
    if (at > after) return at;
  }
  return after + 7 * DAY;
}

/** Two weeks after the previous due time (6:00 on its date + 14 days in `tz`), rolled forward past `now`. */
export function nextReportDue(previous: number, now: number, tz: string): number {
  let day = localDay(previous, tz) + EVERY_DAYS;
  let at = localHour(day, REPORT_HOUR, tz);
  if (at <= now) {
    day += EVERY_DAYS * Math.ceil((now - at) / (EVERY_DAYS * DAY));
    at = localHour(day, REPORT_HOUR, tz);
    while (at <= now) at = localHour((day += EVERY_DAYS), REPORT_HOUR, tz);
  }
  return at;
}

/** A report due this long ago and not run has stopped: its clock is gone. */
const STALLED_AFTER = 24 * 60 * 60 * 1000;

function timeZone(): string {
  return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
}

function status(): ScheduleStatus {
  const { settings } = loadSettings(SpreadsheetApp.getActiveSpreadsheet());
  const raw = PropertiesService.getDocumentProperties().getProperty(LAST_RUN_KEY);
  const record = dutyRecord(REPORT_DUTY);
  const next = record ? record.due : null;
  return {
    on: next !== null,
    next: next === null ? null : new Date(next).toISOString(),
    by: record ? record.by || null : null,
    stalled: next !== null && Date.now() - next > STALLED_AFTER,
    mode: settings.emailPrincipals ? 'emails' : 'drafts',
    principals: settings.schools.filter((s) => s.principal).length,
    lastRun: raw ? (JSON.parse(raw) as ScheduledRun) : null,
  };
}

/**
 * Turn the schedule on or off, under the document lock. On: the report duty is armed for the next
 * Monday morning, unless it already is (turning it on twice changes nothing). Off: it is disarmed.
 * Either way the clock trigger is put in step (one while any duty is armed).
 */
function applySchedule(on: boolean): ScheduleStatus {
  return withDocumentLock('changing the report schedule', () => {
    const tz = timeZone();
    updateClock((duties) => {
      if (!on) duties.disarm(REPORT_DUTY);
      else {
        const due = duties.due(REPORT_DUTY);
        // Armed and running (whoever turned it on): nothing to do. Stalled: this person takes it over.
        if (due === null || Date.now() - due > STALLED_AFTER) duties.arm(REPORT_DUTY, nextMondayMorning(Date.now(), tz));
      }
    });
    return status();
  });
}

// The clock runs the report when it is due. The next one is armed once the report is built, before
// any principal's email: a run cut off while building (the clock keeps the duty armed an hour ahead
// while it runs) or failing then is tried again within the hour; one stopped among the emails is not
// (the emails made would be made twice), and a failure after them never ends the schedule.
registerDuty(
  REPORT_DUTY,
  (run) => {
    const tz = timeZone();
    scheduledReport(() =>
      withDocumentLock('scheduling the next report', () => armDuty(REPORT_DUTY, nextReportDue(run.since, Date.now(), tz))),
    );
  },
  // A schedule made by an older version (its own trigger) carries on: the next Monday morning.
  { handler: REPORT_TRIGGER_HANDLER, adopt: () => nextMondayMorning(Date.now(), timeZone()) },
);

/** google.script.run and tests: turn the schedule on or off. */
export function setReportSchedule(on: boolean): Outcome<ScheduleStatus> {
  return forDialog('changing the report schedule', () => applySchedule(on === true));
}

export function reportScheduleStatus(): Outcome<ScheduleStatus> {
  return forDialog('reading the report schedule', status);
}

/** Menu: Schedule the bi-weekly report... (shows whether it is on, and asks before changing it). */
export function reportScheduleMenu(): void {
  fromMenu('changing the report schedule', () => {
    const ui = SpreadsheetApp.getUi();
    // A schedule an older version made (its own trigger) shows as on: the clock takes it over.
    const now = withDocumentLock('reading the report schedule', () => {
      updateClock();
      return status();
    });
    const what =
      now.mode === 'emails'
        ? `emails each principal (${now.principals} in Settings) their school's numbers`
        : `leaves you a Gmail draft to each principal (${now.principals} in Settings) with their school's numbers, to review and send`;
    const last = now.lastRun
      ? ` Last run: ${now.lastRun.at.slice(0, 10)}, ${now.lastRun.ok ? 'done' : 'failed'}: ${now.lastRun.message}`
      : '';
    const me = dutyUser();
    if (now.on && now.stalled && now.by && now.by === me) {
      // Their own schedule: opening this menu has made their clock again (updateClock above).
      ui.alert(
        'Bi-weekly report',
        `Your schedule had not run since ${Utilities.formatDate(new Date(now.next!), timeZone(), 'MMMM d')}: its clock trigger was missing. It is back, and the report is built within the hour.${last}`,
        ui.ButtonSet.OK,
      );
      return;
    }
    if (now.on && now.stalled) {
      const since = Utilities.formatDate(new Date(now.next!), timeZone(), 'MMMM d');
      const answer = ui.alert(
        'Bi-weekly report',
        `The schedule ${now.by ? `turned on by ${now.by} ` : ''}has not run since ${since}: ${now.by ? 'that account' : 'the account that turned it on'} no longer runs it.${last}\n\nTake the schedule over? From now on it runs from your account and ${what}.`,
        ui.ButtonSet.YES_NO,
      );
      if (answer === ui.Button.YES) {
        const on = applySchedule(true);
        const first = on.next ? Utilities.formatDate(new Date(on.next), timeZone(), 'EEEE, MMMM d') : 'a Monday';
        ui.alert(
          'Bi-weekly report',
          `The schedule is yours now. The next report will be built on ${first}, in the morning.`,
          ui.ButtonSet.OK,
        );
      }
      return;
    }
    if (now.on) {
      const answer = ui.alert(
        'Bi-weekly report',
        `The report rebuilds every two weeks (Monday morning) and ${what}.${now.by && now.by !== me ? ` The schedule is ${now.by}'s: it runs from their account, and their Gmail gets the drafts.` : ''}${last}\n\nTurn the schedule off?`,
        ui.ButtonSet.YES_NO,
      );
      if (answer === ui.Button.YES) {
        applySchedule(false);
        ui.alert('Bi-weekly report', 'The schedule is off. Build the report any time from the menu.', ui.ButtonSet.OK);
      }
    } else {
      const answer = ui.alert(
        'Bi-weekly report',
        `Rebuild the report every two weeks (Monday morning)? Each time it also ${what}. Principals' emails are in the Settings sheet.`,
        ui.ButtonSet.YES_NO,
      );
      if (answer === ui.Button.YES) {
        const on = applySchedule(true);
        const first = on.next ? Utilities.formatDate(new Date(on.next), timeZone(), 'EEEE, MMMM d') : 'a Monday';
        ui.alert('Bi-weekly report', `The schedule is on. The first report will be built on ${first}, in the morning.`, ui.ButtonSet.OK);
      }
    }
  });
}

/**
 * The scheduled report, run by the clock's report duty: rebuild the report, then draft (or send)
 * each principal's email. No UI here. A failure before any email was made is thrown, so the clock
 * tries again in an hour; after some were made it is only recorded (a retry would make those
 * twice), and the rest wait for the next run. A run cut off among the emails leaves that said too.
 *
 * Called with a trigger's event, it is a bi-weekly trigger an older version made: the report duty
 * takes it over (due now, so this run still happens; the old trigger is deleted).
 */
export function runScheduledReport(e?: unknown): void {
  if (e && typeof e === 'object' && 'triggerUid' in e) {
    takeOverLegacyTrigger((duties) => duties.arm(REPORT_DUTY, Date.now()));
    return;
  }
  scheduledReport();
}

/**
 * What the menu says of a run cut off (Apps Script stopping it at 6 minutes) while it made the
 * principals' emails: recorded before the first one, replaced when the run ends by itself.
 */
function cutOffMessage(sending: boolean): string {
  return (
    `The report was built, then the run was stopped by Apps Script while it made the principals' ${sending ? 'emails' : 'drafts'}: ` +
    `some may have been made (see ${sending ? 'Sent' : 'Drafts'} in Gmail). The others wait for the next report.`
  );
}

/** The scheduled report (runScheduledReport); `afterBuild` runs once the report is built, before any email. */
function scheduledReport(afterBuild?: () => void): void {
  const props = PropertiesService.getDocumentProperties();
  const run: ScheduledRun = { at: new Date().toISOString(), ok: false, drafts: 0, sent: 0, noEmail: 0, noStudents: 0, message: '' };
  try {
    const built = buildReportNow();
    if (afterBuild) afterBuild();
    const settings = built.settings;
    // typeof: without the advanced service enabled, the name Gmail does not exist at all.
    if (typeof Gmail === 'undefined' || !Gmail) throw new Error('The Gmail advanced service is not enabled for this project.');
    const base64 = (text: string) => Utilities.base64Encode(text, Utilities.Charset.UTF_8);
    // Said if this execution is cut off among the emails (replaced in `finally` when it is not).
    props.setProperty(LAST_RUN_KEY, JSON.stringify({ ...run, message: cutOffMessage(settings.emailPrincipals) }));
    // Every school on the roster, with attendance reported or not (the enrollment table lists them all):
    // a school whose attendance is not reported yet still gets its email, which says so.
    const onRoster = built.model.enrollment.find((e) => e.key === 'school')?.rows ?? [];
    const schools = new Map(onRoster.map((r) => [r.label.toLowerCase(), r.label]));
    const noPrincipal: string[] = [];
    for (const school of settings.schools) {
      if (!school.principal) {
        run.noEmail++;
        noPrincipal.push(school.name);
        continue;
      }
      // By name, else by school ID (a school renamed on the Settings sheet keeps its ID, as import and outreach match it).
      const byId = school.schoolId.trim() ? built.rosterNameOfId.get(school.schoolId.trim().toLowerCase()) : undefined;
      const label = schools.get(school.name.trim().toLowerCase()) ?? (byId ? schools.get(byId.toLowerCase()) : undefined);
      if (!label) {
        run.noStudents++;
        continue;
      }
      const email = principalEmail(built.model, label, school.principal, built.link);
      const raw = Utilities.base64EncodeWebSafe(mimeMessage(email, base64), Utilities.Charset.UTF_8);
      if (settings.emailPrincipals) {
        Gmail.Users!.Messages!.send({ raw }, 'me');
        run.sent++;
      } else {
        Gmail.Users!.Drafts!.create({ message: { raw } }, 'me');
        run.drafts++;
      }
    }
    run.ok = true;
    const unmatched =
      run.noStudents > 0
        ? ` ${run.noStudents === 1 ? 'One school' : `${run.noStudents} schools`} on the Settings sheet ${run.noStudents === 1 ? 'has' : 'have'} no students on the roster by ${run.noStudents === 1 ? 'its' : 'their'} name or school ID, so no email was made for ${run.noStudents === 1 ? 'its principal' : 'their principals'}.`
        : '';
    // Said every time: a principal whose address is missing or mistyped would otherwise never hear.
    const missing = noPrincipal.length
      ? ` No email for ${someNames(noPrincipal, 3)}: the principal's address on the Settings sheet is missing or not an email address.`
      : '';
    run.message = `Report built; ${run.sent ? plural(run.sent, 'email') + ' sent' : plural(run.drafts, 'draft') + ' made'}.${unmatched}${missing}`;
  } catch (err) {
    run.message = describeForUser(err, 'building the scheduled report');
    const made = run.drafts + run.sent;
    if (made === 0) throw err;
    const reason = /too many times for one day/i.test(String((err as Error)?.message)) ? "Google's daily limit was reached" : run.message;
    run.message = `The report was built and ${made} of the principals' emails were made, then it stopped: ${reason.replace(/\.$/, '')}. The others wait for the next report.`;
  } finally {
    props.setProperty(LAST_RUN_KEY, JSON.stringify(run));
  }
}
