/**
 * A district-size workbook for the bench and the preview: the bundled sample export imported
 * (17,721 synthetic students) and, if asked, log entries spread over the five log sheets, as
 * the team would have made them over the autumn.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTACT_METHODS, CONTACT_OUTCOMES, HOME_VISIT_TYPES, REFERRAL_STATUSES } from '../../src/core/forms';
import { LOGS } from '../../src/core/logs';
import { SEED_PARTNERS } from '../../src/core/partners';
import { DEFAULT_ABSENCE_REASONS } from '../../src/core/settings';
import { LoadedBundle } from '../../src/emulator/bundle';
import { defaultPlugins } from '../../src/emulator/plugins';
import { Workspace } from '../../src/emulator/workspace';
import { decodeExport } from '../../src/offline/decode';

export const SAMPLE = path.resolve(__dirname, '../../data/sample/powerschool-export.csv');

/** The sample export imported into a fresh emulated workbook. */
export function importedDistrict(user = 'clerk@district.example.org'): { bundle: LoadedBundle; studentIds: string[] } {
  const ws = new Workspace({ plugins: defaultPlugins(), user });
  const bundle = new LoadedBundle(ws);
  const { text } = decodeExport(readFileSync(SAMPLE));
  const out = bundle.scriptRun<{ ok: boolean; message: string }>('importUploadedFile', 'powerschool-export.csv', text);
  if (!out.ok) throw new Error(out.message);
  const roster = ws.values('Roster');
  const idCol = roster[0].indexOf('Student ID');
  return { bundle, studentIds: roster.slice(1).map((r) => String(r[idCol])) };
}

/** A small deterministic random source, so every run writes the same entries. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * Write `total` entries spread evenly over the five logs (one setValues per sheet, outside any
 * execution: this is the workbook's past, not something being measured). `focus` gets a few of
 * each kind so its panel has a history.
 */
export function addLogEntries(bundle: LoadedBundle, studentIds: readonly string[], total: number, focus = studentIds[0]): void {
  const rnd = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const start = Date.UTC(2026, 8, 1, 12);
  const g = bundle.ws.globals() as { SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp };
  const ss = g.SpreadsheetApp.getActiveSpreadsheet();
  const logs = Object.values(LOGS);
  const per = Math.floor(total / logs.length);
  logs.forEach((log, li) => {
    const rows: unknown[][] = [[...log.columns]];
    for (let i = 0; i < per; i++) {
      const id = i % 400 === 0 ? focus : pick(studentIds);
      const when = new Date(start + Math.floor((i / per) * 80 * 86400000) + li * 1000);
      const cell = (c: string): unknown => {
        switch (c) {
          case 'Timestamp':
            return when;
          case 'Entered by':
            return `staff${i % 40}@district.example.org`;
          case 'Student ID':
            return `'${id}`;
          case 'Tier at the time':
            return pick(['L2', 'L3', 'L4', 'L5', 'L6']);
          case 'Method':
            return pick(CONTACT_METHODS);
          case 'Outcome':
            return pick(CONTACT_OUTCOMES);
          case 'Reason for absence':
            return pick(DEFAULT_ABSENCE_REASONS);
          case 'Type of visit':
            return pick(HOME_VISIT_TYPES);
          case 'Referral ID':
            return `R-BENCH-${Math.floor(i / 2)}`;
          case 'Plan ID':
            return `P-BENCH-${Math.floor(i / 3)}`;
          case 'Partner':
            return pick(SEED_PARTNERS).name;
          case 'Status':
            return pick(REFERRAL_STATUSES);
          case 'Next update due':
          case 'Next check-in':
            return `'2026-12-${String(1 + (i % 28)).padStart(2, '0')}`;
          default:
            return `${c} for entry ${i}`;
        }
      };
      rows.push(log.columns.map(cell));
    }
    const sheet = ss.insertSheet(log.sheet);
    sheet.insertRowsAfter(sheet.getMaxRows(), Math.max(0, rows.length - sheet.getMaxRows()));
    sheet.getRange(1, 1, rows.length, log.columns.length).setValues(rows);
  });
}
