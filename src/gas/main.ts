/**
 * Everything Apps Script can call: menu handlers, triggers, and functions the dialogs and the
 * sidebar call through google.script.run. The build makes a top-level `function name()` for
 * each export of this module (see scripts/build.mjs), because Apps Script only sees top-level
 * function declarations.
 */
export { onInstall, onOpen } from './menu';
export { importFromSheet, importUploadedFile, lastImport, listImportableSheets, showImportDialog } from './import';
export { buildReport, buildReportMenu } from './report';
export { reportScheduleMenu, reportScheduleStatus, runScheduledReport, setReportSchedule } from './schedule';
