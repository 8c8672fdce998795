/** The History snapshot an import keeps for the report, and its retention rule. */
import {
  blockStarts,
  HISTORY_HEADERS,
  HISTORY_MAX_CELLS,
  HISTORY_MAX_IMPORTS,
  importRecord,
  importsRows,
  planHistory,
  readImports,
  readSnapshot,
  snapshotRows,
} from '../../src/core/report';
import { EST, record, snap, student } from '../report-fixtures';

const DAY = 86400000;
const T0 = Date.UTC(2026, 9, 12, 15);

describe('snapshot rows', () => {
  test('ID, days and tier per student; "In tier since" carries forward while the tier is unchanged', () => {
    const students = [student({ id: 'A', absent: 3 }), student({ id: 'B', absent: 6 }), student({ id: 'C', absent: null })];
    const rec = importRecord({ importId: 'i2', importedAt: T0 + 14 * DAY, source: 'x.csv' }, students);
    expect(rec).toMatchObject({ students: 3, withAttendance: 2, chronic: 1, rows: 3 });
    const previous = new Map([
      ['A', snap('A', 40, 2, T0)], // still L2: since T0
      ['B', snap('B', 40, 4, T0)], // L2 -> L3: since this import
    ]);
    const rows = snapshotRows(rec, students, previous, (ms) => new Date(ms));
    expect(rows.map((r) => r.length)).toEqual([HISTORY_HEADERS.length, HISTORY_HEADERS.length, HISTORY_HEADERS.length]);
    expect(rows.map((r) => [r[0], r[2], r[3], r[4], r[5], r[6] instanceof Date ? (r[6] as Date).getTime() : r[6]])).toEqual([
      ['i2', 'A', 50, 3, 'L2', T0],
      ['i2', 'B', 50, 6, 'L3', T0 + 14 * DAY],
      ['i2', 'C', 50, null, '', ''],
    ]);
    const back = readSnapshot(rows as unknown[][], 'i2', EST);
    expect(back.get('A')).toEqual({ studentId: 'A', daysEnrolled: 50, daysAbsent: 3, tier: 'L2', tierSince: T0 });
    expect(back.get('C')).toEqual({ studentId: 'C', daysEnrolled: 50, daysAbsent: null, tier: null, tierSince: null });
    expect(readSnapshot(rows as unknown[][], 'other', EST).size).toBe(0);
  });
});

describe('the Imports sheet', () => {
  test('is read oldest first even after someone sorted it newest first', () => {
    const records = [record('import-a', T0, 100), record('import-b', T0 + 14 * DAY, 100), record('import-c', T0 + 28 * DAY, 100)];
    const rows = importsRows(records, (ms) => new Date(ms));
    const sorted = [rows[0], ...rows.slice(1).reverse()];
    expect(readImports(sorted).map((r) => r.importId)).toEqual(['import-a', 'import-b', 'import-c']);
  });
});

describe('retention', () => {
  test('the documented limits: 26 imports, 3.5 million cells', () => {
    expect(HISTORY_MAX_IMPORTS).toBe(26);
    expect(HISTORY_MAX_CELLS).toBe(3_500_000);
  });

  test('an import appends; past the limit the oldest import is dropped', () => {
    const existing = [record('a', T0, 100), record('b', T0 + 14 * DAY, 100), record('c', T0 + 28 * DAY, 100)];
    const next = record('d', T0 + 42 * DAY, 100);
    const plan = planHistory(existing, next, EST, { maxImports: 3, maxCells: 1e9 });
    expect(plan).toMatchObject({ replaceRows: 0, pruneRows: 100, carryFrom: existing[2] });
    expect(plan.kept.map((r) => r.importId)).toEqual(['b', 'c', 'd']);
    expect(blockStarts(plan.kept)).toEqual([2, 102, 202]);
  });

  test('the cell limit drops as many old imports as it takes', () => {
    const existing = [record('a', T0, 1000), record('b', T0 + 14 * DAY, 1000), record('c', T0 + 28 * DAY, 1000)];
    const plan = planHistory(existing, record('d', T0 + 42 * DAY, 1000), EST, { maxImports: 26, maxCells: 7 * 2100 });
    expect(plan.kept.map((r) => r.importId)).toEqual(['c', 'd']);
    expect(plan.pruneRows).toBe(2000);
  });

  test('an import on the same day replaces the import of that day (and carries from the one before)', () => {
    const existing = [record('a', T0, 10), record('b', T0 + 14 * DAY, 12)];
    const plan = planHistory(existing, record('c', T0 + 14 * DAY + 3 * 3600000, 11), EST);
    expect(plan).toMatchObject({ replaceRows: 12, pruneRows: 0, carryFrom: existing[0] });
    expect(plan.kept.map((r) => r.importId)).toEqual(['a', 'c']);
  });

  test('a district of 17,700 students keeps 26 imports within the cell limit', () => {
    let kept: ReturnType<typeof planHistory>['kept'] = [];
    for (let i = 0; i < 40; i++) kept = planHistory(kept, record(`i${i}`, T0 + i * 14 * DAY, 17700), EST).kept;
    expect(kept).toHaveLength(26);
    expect((1 + kept.reduce((n, r) => n + r.rows, 0)) * HISTORY_HEADERS.length).toBeLessThanOrEqual(HISTORY_MAX_CELLS);
  });
});
