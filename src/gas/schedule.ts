/**
 * The bi-weekly schedule: a time-based trigger, made once per spreadsheet (never once per click:
 * the menu and setReportSchedule look for it first, under the document lock), that rebuilds the
 * report every two weeks and leaves each principal a Gmail draft with their school's own numbers
 * (small groups hidden) and a link, or sends it when the district opts in (Settings: "Email
 * principals directly"). Uses the Gmail advanced service (gmail.compose scope) and ScriptApp
 * (script.scriptapp). The trigger path never touches the UI.
 */
import { mimeMessage, principalEmail } from '../core/report';
import { loadSettings } from './settings-sheet';
import { buildReportNow } from './report';
import { describeForUser, forDialog, fromMenu, Outcome, withDocumentLock } from './user-errors';

export const REPORT_TRIGGER_HANDLER = 'runScheduledReport';
const LAST_RUN_KEY = 'toolkit.lastScheduledReport';

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
  mode: 'drafts' | 'emails';
  principals: number;
  lastRun: ScheduledRun | null;
}

function reportTriggers(): GoogleAppsScript.Script.Trigger[] {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  return ScriptApp.getUserTriggers(ss).filter((t) => t.getHandlerFunction() === REPORT_TRIGGER_HANDLER);
}

function status(): ScheduleStatus {
  const { settings } = loadSettings(SpreadsheetApp.getActiveSpreadsheet());
  const raw = PropertiesService.getDocumentProperties().getProperty(LAST_RUN_KEY);
  return {
    on: reportTriggers().length > 0,
    mode: settings.emailPrincipals ? 'emails' : 'drafts',
    principals: settings.schools.filter((s) => s.principal).length,
    lastRun: raw ? (JSON.parse(raw) as ScheduledRun) : null,
  };
}

/**
 * Turn the schedule on or off. On: one trigger, every two weeks on Monday early morning; if one
 * exists it is kept (extra ones, from an older version, are removed). Off: every report trigger
 * of this user in this spreadsheet is deleted.
 */
function applySchedule(on: boolean): ScheduleStatus {
  return withDocumentLock('changing the report schedule', () => {
    const existing = reportTriggers();
    if (on) {
      for (const t of existing.slice(1)) ScriptApp.deleteTrigger(t);
      if (existing.length === 0) {
        ScriptApp.newTrigger(REPORT_TRIGGER_HANDLER).timeBased().everyWeeks(2).onWeekDay(ScriptApp.WeekDay.MONDAY).atHour(6).create();
      }
    } else {
      for (const t of existing) ScriptApp.deleteTrigger(t);
    }
    return status();
  });
}

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
    const now = status();
    const what =
      now.mode === 'emails'
        ? `emails each principal (${now.principals} in Settings) their school's numbers`
        : `leaves you a Gmail draft to each principal (${now.principals} in Settings) with their school's numbers, to review and send`;
    const last = now.lastRun ? ` Last run: ${now.lastRun.at.slice(0, 10)}, ${now.lastRun.ok ? 'done' : 'failed'}.` : '';
    if (now.on) {
      const answer = ui.alert(
        'Bi-weekly report',
        `The report rebuilds every two weeks (Monday morning) and ${what}.${last}\n\nTurn the schedule off?`,
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
        applySchedule(true);
        ui.alert(
          'Bi-weekly report',
          'The schedule is on. The first report will be built on a Monday morning within two weeks.',
          ui.ButtonSet.OK,
        );
      }
    }
  });
}

/** The time-based trigger: rebuild the report, then draft (or send) each principal's email. No UI here. */
export function runScheduledReport(_e?: unknown): void {
  const props = PropertiesService.getDocumentProperties();
  const run: ScheduledRun = { at: new Date().toISOString(), ok: false, drafts: 0, sent: 0, noEmail: 0, noStudents: 0, message: '' };
  try {
    const built = buildReportNow();
    const settings = built.settings;
    if (!Gmail) throw new Error('The Gmail advanced service is not enabled for this project.');
    const base64 = (text: string) => Utilities.base64Encode(text, Utilities.Charset.UTF_8);
    const schools = new Map(built.model.bySchool.groups.map((g) => [g.label.toLowerCase(), g.label]));
    for (const school of settings.schools) {
      if (!school.principal) {
        run.noEmail++;
        continue;
      }
      const label = schools.get(school.name.trim().toLowerCase());
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
    run.message = `Report built; ${run.sent ? `${run.sent} emails sent` : `${run.drafts} drafts made`}.`;
  } catch (e) {
    run.message = describeForUser(e, 'building the scheduled report');
    throw e;
  } finally {
    props.setProperty(LAST_RUN_KEY, JSON.stringify(run));
  }
}
