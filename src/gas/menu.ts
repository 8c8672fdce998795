/**
 * The Attendance Toolkit menu, and how the set-up is offered on the first open.
 *
 * What Apps Script lets an Editor add-on do when a spreadsheet opens
 * (developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle):
 *   - onOpen is a simple trigger. In AuthMode.NONE (the add-on is installed for this user but
 *     has never been used in this spreadsheet) it may only build the menu: no sheet, no
 *     properties. In AuthMode.LIMITED (used here before) it may also read this spreadsheet and
 *     its document properties and show a toast. In neither may it open a dialog or a sidebar
 *     (Ui.showModalDialog needs the script.container.ui scope a simple trigger does not have).
 *   - onInstall runs in AuthMode.FULL when the user installs the add-on from inside the
 *     spreadsheet, so it may open the set-up dialog. (A domain-wide install by an administrator
 *     runs no onInstall: the next open offers the set-up instead.)
 *
 * So: in NONE, the toolkit cannot have been set up here (it was never used), and "Set up..."
 * is the first item of a menu whose every item works (clicking one asks for authorization).
 * In LIMITED and FULL, the document property written by the wizard's Save tells; until then
 * "Set up..." is first and a toast says where to find it; afterwards it moves to the end.
 * onInstall builds the same menu and opens the wizard if this spreadsheet is not set up.
 */
import { isSetUp, openSetupDialog } from './setup';

export interface MenuEntry {
  caption: string;
  /** Global function the item calls; null for a separator. */
  handler: string | null;
}

/** The menu, top to bottom. Later features add their items here. */
export const MENU: readonly MenuEntry[] = [
  { caption: 'Import attendance export...', handler: 'showImportDialog' },
  { caption: 'Prepare outreach...', handler: 'showOutreachDialog' },
  { caption: 'Open student panel', handler: 'showStudentPanel' },
  { caption: 'Build report', handler: 'buildReportMenu' },
  { caption: 'Schedule the bi-weekly report...', handler: 'reportScheduleMenu' },
];

export const SETUP_ITEM: MenuEntry = { caption: 'Set up...', handler: 'showSetupDialog' };
const SEPARATOR: MenuEntry = { caption: '', handler: null };

export const SETUP_TOAST =
  'The Attendance Toolkit is not set up in this spreadsheet yet. Choose Extensions > Attendance Toolkit > Set up... (about five minutes).';

/** "Set up..." first while the spreadsheet is not set up, else last, below a separator. */
export function menuEntries(offerSetup: boolean): MenuEntry[] {
  return offerSetup ? [SETUP_ITEM, SEPARATOR, ...MENU] : [...MENU, SEPARATOR, SETUP_ITEM];
}

type Mode = 'NONE' | 'LIMITED' | 'FULL';

/**
 * The event's authMode, compared with ScriptApp.AuthMode as Google's own onOpen samples do (the
 * enum is readable in every mode), or by its name. Without an event (run from the editor): FULL.
 */
function authModeOf(e?: { authMode?: unknown }): Mode {
  if (!e || e.authMode === undefined || e.authMode === null) return 'FULL';
  const modes = ScriptApp.AuthMode;
  if (e.authMode === modes.NONE || String(e.authMode) === 'NONE') return 'NONE';
  if (e.authMode === modes.LIMITED || String(e.authMode) === 'LIMITED') return 'LIMITED';
  return 'FULL';
}

/** Build the menu; returns whether the set-up is offered. Never throws: a menu must always appear. */
function buildMenu(mode: Mode, toast: boolean): boolean {
  let offer = true;
  if (mode !== 'NONE') {
    try {
      offer = !isSetUp();
    } catch (err) {
      // Cannot tell (properties unavailable): the usual menu, with Set up... at the end.
      offer = false;
      console.warn(`onOpen: set-up state unknown (${(err as Error)?.name ?? 'Error'})`);
    }
  }
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of menuEntries(offer)) {
    if (item.handler === null) menu.addSeparator();
    else menu.addItem(item.caption, item.handler);
  }
  menu.addToUi();
  if (offer && toast && mode !== 'NONE') {
    try {
      SpreadsheetApp.getActiveSpreadsheet().toast(SETUP_TOAST, 'Attendance Toolkit', 20);
    } catch (err) {
      console.warn(`onOpen: no toast (${(err as Error)?.name ?? 'Error'})`);
    }
  }
  return offer;
}

export function onOpen(e?: { authMode?: unknown }): void {
  buildMenu(authModeOf(e), true);
}

export function onInstall(e?: { authMode?: unknown }): void {
  const mode = authModeOf(e);
  const offer = buildMenu(mode, false);
  if (!offer || mode !== 'FULL') return;
  try {
    openSetupDialog();
  } catch (err) {
    // No spreadsheet open to show it in: the menu offers it, and the next open says so.
    console.warn(`onInstall: the set-up dialog was not shown (${(err as Error)?.name ?? 'Error'})`);
    try {
      SpreadsheetApp.getActiveSpreadsheet().toast(SETUP_TOAST, 'Attendance Toolkit', 20);
    } catch {
      // Nothing more to do: the menu is there.
    }
  }
}
