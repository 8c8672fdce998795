/**
 * Entry points of Prepare outreach, as Apps Script calls them: the menu item and the dialog's
 * preview and start, with two things added around src/gas/outreach.ts's own functions:
 *   - the menu item shows any error as a sentence (fromMenu), never Apps Script's raw error;
 *   - Settings are checked on use: a value the toolkit cannot use is listed in the preview,
 *     naming its cell. A wrong school year start or outreach Yes/No stops outreach until it is
 *     fixed (the school year start is part of every outreach record's key, so a wrong one would
 *     make everything again; a kind the district turned off must stay off); other wrong values
 *     are listed as notes, the toolkit's value being used meanwhile.
 * main.ts exports these in place of outreach.ts's functions of the same names.
 */
import { outreachSettingsCheck } from '../core/settings';
import * as outreach from './outreach';
import { loadSettings } from './settings-sheet';
import { forDialog, fromMenu, Outcome } from './user-errors';

/** Menu: Prepare outreach... */
export function showOutreachDialog(): void {
  fromMenu('opening Prepare outreach', () => outreach.showOutreachDialog());
}

function settingsCheck() {
  return outreachSettingsCheck(loadSettings(SpreadsheetApp.getActiveSpreadsheet()).problems);
}

/** The preview (outreach.ts), with the Settings values it cannot use: blocking ones as problems (Start stays off), others as notes. */
export function outreachPreview(filters?: unknown): Outcome<outreach.OutreachPreview> {
  const out = outreach.outreachPreview(filters);
  if (!out.ok || !out.result) return out;
  const preview = out.result;
  const checked = forDialog('reading the Settings sheet', settingsCheck);
  if (!checked.ok || !checked.result) return { ok: false, message: checked.message };
  return {
    ...out,
    result: { ...preview, problems: [...checked.result.blocking, ...preview.problems], notes: [...checked.result.notes, ...preview.notes] },
  };
}

/** Start (outreach.ts), unless a Settings value outreach depends on is wrong: then nothing is made. */
export function outreachStart(filters?: unknown): ReturnType<typeof outreach.outreachStart> {
  const checked = forDialog('reading the Settings sheet', settingsCheck);
  if (!checked.ok || !checked.result) return { ok: false, message: checked.message };
  if (checked.result.blocking.length) return { ok: false, message: `Nothing was created. ${checked.result.blocking.join(' ')}` };
  return outreach.outreachStart(filters);
}
