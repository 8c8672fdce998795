/**
 * The Attendance Toolkit menu. onOpen runs in AuthMode.NONE or LIMITED for an Editor add-on:
 * it only builds the menu and touches no data. onInstall runs in FULL and calls onOpen.
 */

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

export function onOpen(_e?: { authMode?: string }): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU) {
    if (item.handler === null) menu.addSeparator();
    else menu.addItem(item.caption, item.handler);
  }
  menu.addToUi();
}

export function onInstall(e?: { authMode?: string }): void {
  onOpen(e);
}
