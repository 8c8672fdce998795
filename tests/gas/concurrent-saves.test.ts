/**
 * "Two staff saving at the same instant both land, in order": 50 saves run at the same time,
 * each in its own execution (worker thread) against one shared spreadsheet, queue on the
 * document lock and all land exactly once. See src/emulator/concurrent.ts for the model.
 */
import { runConcurrently } from '../../src/emulator/concurrent';
import { csv, importCsv, psRow, toolkit } from '../helpers';

const SAVES = 50;

describe('50 staff members save at the same instant', () => {
  test('every save lands exactly once, in the order the lock was granted, with times that never go backwards', async () => {
    const b = toolkit();
    importCsv(b, csv([psRow('1001', 'Rivera, Ana', 7), psRow('1002', 'Núñez, José', 12), psRow('1003', 'Okafor, Chidi', 3)]));
    const calls = Array.from({ length: SAVES }, (_, i) => {
      const form =
        i % 2 === 0
          ? { studentId: ['1001', '1002', '1003'][i % 3], method: 'Phone call', outcome: 'Reached', reason: '', notes: `save ${i}` }
          : { studentId: '1001', referralId: '', partner: 'YouthConnect', status: 'Made', nextUpdateDue: '2026-12-07', notes: `save ${i}` };
      return { user: `staff${i}@district.example.org`, fn: i % 2 === 0 ? 'saveContact' : 'saveReferral', args: [form] };
    });

    // The first save keeps the lock until the 49 others are all waiting for it.
    const run = await runConcurrently(b.ws, calls, { holdFirstLockUntilWaiting: SAVES - 1 });

    expect(run.results.map((r) => [r.ok, (r.value as { ok: boolean; message: string }).message])).toEqual(
      calls.map(() => [true, 'Saved.']),
    );
    expect(run.lock).toEqual({ acquisitions: SAVES, contended: SAVES - 1, maxWaiting: SAVES - 1 });

    const landed = [...b.ws.values('Contacts').slice(1), ...b.ws.values('Referrals').slice(1)];
    const notes = (row: unknown[], sheet: 'Contacts' | 'Referrals') => row[sheet === 'Contacts' ? 9 : 10];
    expect(landed).toHaveLength(SAVES);
    const contacts = b.ws.values('Contacts').slice(1);
    const referrals = b.ws.values('Referrals').slice(1);
    const all = [...contacts.map((r) => notes(r, 'Contacts')), ...referrals.map((r) => notes(r, 'Referrals'))].sort();
    expect(all).toEqual(calls.map((_, i) => `save ${i}`).sort());

    // Each row is its own saver's, and each log is in the order its saves got the lock.
    for (const [sheet, rows] of [
      ['Contacts', contacts],
      ['Referrals', referrals],
    ] as const) {
      const expected = run.results
        .map((r, i) => ({ i, order: r.lockOrder, fn: r.fn }))
        .filter((r) => r.fn === (sheet === 'Contacts' ? 'saveContact' : 'saveReferral'))
        .sort((a, b) => a.order - b.order)
        .map((r) => [`save ${r.i}`, `staff${r.i}@district.example.org`]);
      expect(rows.map((r) => [notes(r, sheet), r[1]])).toEqual(expected);
      const times = rows.map((r) => (r[0] as Date).getTime());
      expect(times.every((t, k) => k === 0 || t >= times[k - 1])).toBe(true);
    }
    // Every new referral got its own ID.
    expect(new Set(referrals.map((r) => r[6])).size).toBe(referrals.length);
    // Each log sheet was made once, by whichever save was first under the lock.
    expect(b.ws.active.sheets.filter((s) => s.name === 'Contacts')).toHaveLength(1);
  });
});
