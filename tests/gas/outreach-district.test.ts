/**
 * Done when: a district-size roster (~17,700 students, ~12,900 in L2-L6) completes in the emulator
 * across resumed runs (the dialog for a while, then the toolkit clock's hourly trigger) with zero duplicates, within
 * the consumer daily quotas for documents and calendar events. Through the built bundle.
 */
import { runDistrictOutreach } from '../../scripts/bench/outreach';
import { QUOTAS } from '../../src/emulator/runtime';
import { duties, grid } from '../helpers';

describe('a district-size outreach job', () => {
  const r = runDistrictOutreach(10);
  const c = r.preview.counts;
  const letters = c.letters.reduce((n, l) => n + l.total, 0);

  test('finishes across resumed runs: a few from the dialog, the rest from the hourly toolkit clock', () => {
    expect(c.students).toBeGreaterThan(12000);
    expect(r.final.status).toBe('done');
    expect(r.dialogCalls).toBe(10);
    expect(r.triggerRuns).toBeGreaterThan(10);
    expect(r.clockTicks).toBeGreaterThanOrEqual(r.triggerRuns);
    expect(r.bundle.failures).toEqual([]);
    // Done: the outreach duty is disarmed and the clock's trigger is gone.
    expect(duties(r.bundle)).toEqual({});
    expect(r.bundle.ws.triggers).toEqual([]);
  });

  test('makes exactly what the preview counted, with zero duplicates', () => {
    expect(r.duplicateKeys).toBe(0);
    expect(r.final.made.letters).toBe(letters);
    expect(r.final.made.drafts).toBe(c.drafts);
    expect(r.drafts).toBe(c.drafts);
    expect(r.eventsCreated).toBe(c.events);
    expect(r.final.made.documents).toBe(c.documents);
  });

  test('stays within the consumer daily quotas for documents and calendar events', () => {
    expect(r.maxDocsCreatedInADay).toBeLessThanOrEqual(QUOTAS.consumer.documentsCreated);
    expect(r.eventsCreated).toBeLessThanOrEqual(QUOTAS.consumer.calendarEventsCreated);
    // One event per attendance lead and due date, not one per student.
    expect(r.eventsCreated).toBeLessThan(200);
  });

  test("the toolkit's sheets keep no empty grid they do not need: the workbook is 1.25 million cells (it was 2.88 million)", () => {
    const cells = grid(r.bundle);
    // The job's work list (38,282 rows by 29 columns while it ran) is one cell once the job is over.
    expect(cells.sheets['Outreach job']).toEqual([1, 1]);
    // The big sheets the toolkit writes have only their own columns (Sheets makes 26); those people write in keep spare ones.
    for (const name of ['Roster', 'Outreach log'])
      expect([name, cells.sheets[name][1]]).toEqual([name, r.bundle.ws.values(name)[0].length]);
    expect(cells.sheets['Outreach log'][1]).toBe(14);
    expect(cells.total).toBeLessThan(1_300_000);
  });

  test('the preview said how long it takes, and it took about that', () => {
    const notes = (r.preview as unknown as { notes: string[] }).notes;
    const note = notes.find((n) => n.startsWith('How long:')) ?? '';
    // A district account: the quotas allow it in a day; the time it takes is the toolkit's hourly pace.
    expect(note).not.toContain('Google lets');
    const open = /window open, the job is done in about (\d+) hours/.exec(note);
    const closed = /so it takes about (\d+) days/.exec(note);
    expect(open && closed).toBeTruthy();
    // Measured: the work itself, and days on the clock (the dialog drove only the first 10 calls).
    expect(Math.abs(Number(open![1]) - r.executionMinutes / 60)).toBeLessThanOrEqual(1);
    expect(Math.abs(Number(closed![1]) - r.elapsedHours / 24)).toBeLessThanOrEqual(1);
  });
});
