/**
 * Everything Apps Script can call: menu handlers, triggers, and functions the dialogs and the
 * sidebar call through google.script.run. The build makes a top-level `function name()` for
 * each export of this module (see scripts/build.mjs), because Apps Script only sees top-level
 * function declarations.
 */
// Registers the success plan's Calendar check-in with the student panel (a side effect on load).
import './success-plan-calendar';

export { onInstall, onOpen } from './menu';
export { importFromSheet, importUploadedFile, lastImport, listImportableSheets, showImportDialog } from './import';
export {
  findStudents,
  panelRefresh,
  panelStart,
  saveContact,
  saveHomeVisit,
  saveReferral,
  saveSuccessPlan,
  showStudentPanel,
  studentPanel,
} from './sidebar';
export { outreachContinue, outreachResume, outreachStatus, outreachStop } from './outreach';
// Prepare outreach's menu item, preview and start, with Settings checked on use (see entry-guards.ts).
export { outreachPreview, outreachStart, showOutreachDialog } from './entry-guards';
export { setupCheck, setupSave, setupStart, showSetupDialog } from './setup';
export { buildReport, buildReportMenu } from './report';
// The one time-based trigger: runs the duties the features arm (outreach, the report schedule).
export { toolkitClock } from './clock';
export { reportScheduleMenu, reportScheduleStatus, runScheduledReport, setReportSchedule } from './schedule';
