import { parseCsv } from '../../src/core/csv';
import { importTable } from '../../src/core/importer';
import { describeImport, summarizeImport } from '../../src/core/summary';
import { csv, psRow } from '../helpers';

const message = (rows: (string | number)[][]) =>
  describeImport(
    summarizeImport(importTable(parseCsv(csv(rows))), { importId: 'i1', source: 'export.csv', importedAt: '2026-11-23T08:00:00Z' }),
  );

describe("the import's message", () => {
  test('says how many enrolled students have no attendance reported, and how many are not enrolled yet', () => {
    expect(
      message([
        psRow('1', 'A, B', 3),
        psRow('2', 'C, D', ''),
        psRow('3', 'E, F', 0, { enrolled: 0 }),
        psRow('4', 'G, H', '', { enrolled: '' }),
      ]),
    ).toBe(
      'Imported 4 students from export.csv. Every row was imported. 1 enrolled student has no attendance reported yet. ' +
        '2 students are not enrolled yet (no days enrolled): they are on the Roster without a level.',
    );
  });

  test('one student not enrolled yet, in the singular', () => {
    expect(message([psRow('1', 'A, B', 3), psRow('3', 'E, F', 0, { enrolled: 0 })])).toBe(
      'Imported 2 students from export.csv. Every row was imported. 1 student is not enrolled yet (no days enrolled): they are on the Roster without a level.',
    );
  });

  test('says nothing of enrolment when every student is enrolled', () => {
    expect(message([psRow('1', 'A, B', 3)])).toBe('Imported 1 student from export.csv. Every row was imported.');
  });
});
