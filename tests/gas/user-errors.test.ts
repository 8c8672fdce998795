/* eslint-disable @typescript-eslint/no-explicit-any -- services are replaced by hand to force failures */
/**
 * Every user-facing error is a sentence a clerk understands. Here every entry point a person can
 * reach (each menu item, each function a dialog or the panel calls) is made to fail in a way the
 * toolkit did not foresee: the user sees a plain sentence with a code to give an administrator,
 * and the execution log has the technical detail under that code, without the student data the
 * original error carried.
 */
import { LoadedBundle } from '../../src/emulator/bundle';
import { toolkit } from '../helpers';

/** Apps Script's triggers, which no person sees: they report in the execution log only. */
const TRIGGERS = ['onOpen', 'onInstall', 'outreachResume', 'runScheduledReport', 'toolkitClock'];

/** What the original error says: a student's name and ID, which must reach neither the user nor the log. */
// An ID no stack trace can contain (a line number like Code.js:10012 once did).
const SECRET = 'Rivera, Ana (ID S-7731)';

const PLAIN =
  /^Something went wrong while [a-z][A-Za-z -]+\. Nothing was lost\. Try again; if it happens again, give your toolkit administrator this code: ([A-Z0-9]{6})\.$/;

/** Make the services every entry point starts with fail unexpectedly (alerts still work, so a menu can say what happened). */
function breakServices(b: LoadedBundle): void {
  const ctx = b.context as any;
  const fail = () => {
    throw b.ws.rt.error(`Service Spreadsheets failed while accessing the row of ${SECRET}.`);
  };
  const app = ctx.SpreadsheetApp;
  ctx.SpreadsheetApp = new Proxy(app, { get: (t, k) => (k === 'getActiveSpreadsheet' || k === 'getActive' ? fail : t[k]) });
  ctx.HtmlService = new Proxy(ctx.HtmlService, { get: () => fail });
  ctx.PropertiesService = new Proxy(ctx.PropertiesService, { get: () => fail });
}

/** An argument whose every use fails (for entry points that read only their arguments). */
const hostileArgument = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error(`Cannot read the form of ${SECRET}`);
      },
    },
  );

function menuHandlers(): string[] {
  const b = toolkit();
  b.open('FULL');
  return b.ws.ui.menus[0].items.filter((i) => i.functionName).map((i) => i.functionName!);
}

const MENU = menuHandlers();
const DIALOG = toolkit()
  .globalFunctions()
  .filter((f) => !TRIGGERS.includes(f) && !MENU.includes(f))
  .sort();

function expectLogged(b: LoadedBundle, code: string): void {
  const logged = b.ws.logs.filter((l) => l.message.includes(`[${code}]`));
  expect(logged).toHaveLength(1);
  expect(logged[0].level).toBe('error');
  // The technical detail: what was being done, the error's type and where it happened.
  expect(logged[0].message).toMatch(new RegExp(`^\\[${code}\\] .+ failed: (Exception|Error|TypeError) at `));
  for (const l of b.ws.logs) {
    expect(l.message).not.toContain('Rivera');
    expect(l.message).not.toContain('S-7731');
  }
}

test('the lists cover the toolkit: every menu item and every dialog function', () => {
  expect(MENU).toEqual(
    expect.arrayContaining([
      'showSetupDialog',
      'showImportDialog',
      'showOutreachDialog',
      'showStudentPanel',
      'buildReportMenu',
      'reportScheduleMenu',
    ]),
  );
  expect(DIALOG).toEqual(
    expect.arrayContaining(['setupStart', 'setupCheck', 'setupSave', 'importUploadedFile', 'outreachPreview', 'saveContact']),
  );
});

describe.each(MENU)('menu item %s', (fn) => {
  test('an unexpected error is an alert with a plain sentence and a code; the log has the detail, no student data', () => {
    const b = toolkit();
    breakServices(b);
    expect(() => b.run(fn)).not.toThrow();
    const alert = b.ws.ui.alerts.at(-1)!;
    expect(alert.title).toBe('Attendance Toolkit');
    const code = PLAIN.exec(alert.prompt)?.[1];
    expect(alert.prompt).toMatch(PLAIN);
    expect(alert.prompt).not.toContain('Rivera');
    expectLogged(b, code!);
  });
});

/** Arguments that get each dialog function past its own checks to the broken services. */
const ARGS: Record<string, unknown[]> = {
  importUploadedFile: ['export.csv', 'Student ID,Name\n1,A\n'],
  importFromSheet: ['Sheet1'],
  studentPanel: ['S-7731'],
  panelRefresh: ['S-7731'],
  findStudents: ['Ana'],
  setupCheck: ['year', hostileArgument()],
  setupSave: [hostileArgument()],
  setReportSchedule: [true],
};

describe.each(DIALOG)('dialog function %s', (fn) => {
  test('an unexpected error comes back as a plain sentence with a code, never thrown; the log has the detail, no student data', () => {
    const b = toolkit();
    breakServices(b);
    let out: { ok: boolean; message: string } | undefined;
    expect(() => (out = b.run(fn, ARGS[fn] ?? [hostileArgument()]))).not.toThrow();
    expect(out!.ok).toBe(false);
    expect(out!.message).toMatch(PLAIN);
    expect(out!.message).not.toContain('Rivera');
    expectLogged(b, PLAIN.exec(out!.message)![1]);
  });
});

test('a daily limit met outside outreach says so plainly, and does not promise the work goes on by itself', () => {
  const b = toolkit();
  const ctx = b.context as any;
  const app = ctx.SpreadsheetApp;
  ctx.SpreadsheetApp = new Proxy(app, {
    get: (t, k) =>
      k === 'getActiveSpreadsheet'
        ? () => {
            throw b.ws.rt.error('Service invoked too many times for one day: email.');
          }
        : t[k],
  });
  const out = b.run<{ ok: boolean; message: string }>('importUploadedFile', ['export.csv', 'Student ID\n1']);
  expect(out.ok).toBe(false);
  // Only an outreach job continues by itself (it has its own message); an import or a report starts over.
  expect(out.message).toBe(
    "Google's daily limit was reached while importing the file. What was made before it is kept; try again tomorrow.",
  );
});
