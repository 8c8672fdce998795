import { parseCsv, FileProblem } from '../../src/core/csv';
import { normalizeGrade } from '../../src/core/grades';
import { importTable, text } from '../../src/core/importer';
import { csv, psRow } from '../helpers';

const load = (text: string) => importTable(parseCsv(text));

describe('a clean PowerSchool export becomes the roster', () => {
  test('each student is tiered and flagged chronic from days absent and enrolled', () => {
    const r = load(
      csv([psRow('1001', 'Rivera, Ana', 1), psRow('1002', 'Chen, Wei', 6), psRow('1003', 'Ali, Omar', 12, { enrolled: 100 })]),
    );
    expect(r.rejected).toEqual([]);
    expect(r.students.map((s) => [s.id, s.name, s.tier, s.chronic])).toEqual([
      ['1001', 'Ana Rivera', 'L1', false],
      ['1002', 'Wei Chen', 'L3', true],
      ['1003', 'Omar Ali', 'L4', true],
    ]);
    expect(r.students[1].attendanceRate).toBeCloseTo(52 / 58);
  });
});

describe('what real exports look like', () => {
  test('padded values are trimmed', () => {
    const r = load(csv([['  1001 ', '  Rivera,   Ana  ', ' 5 ', ' Oak Street School ', '', '', '', ' 58 ', ' 3 ']]));
    expect(r.students[0]).toMatchObject({
      id: '1001',
      name: 'Ana Rivera',
      lastName: 'Rivera',
      firstName: 'Ana',
      grade: '5',
      school: 'Oak Street School',
      daysEnrolled: 58,
      daysAbsent: 3,
    });
  });

  test('Excel\'s ="00123" (text kept as text) is read as the text inside; ="" is an empty cell', () => {
    const r = load(
      csv([
        ['="00123"', 'Rivera, Ana', '="05"', 'Oak', '', '', '', '="58"', '3'],
        ['=""', 'Chen, Wei', '5', 'Oak', '', '', '', '58', '1'],
      ]),
    );
    expect(r.students.map((s) => [s.id, s.grade, s.daysEnrolled])).toEqual([['00123', '5', 58]]);
    expect(r.rejected.map((x) => x.reason)).toEqual(['missing-id']);
  });

  test('accented names keep their accents, however they were typed', () => {
    // A Mac export may spell "ú" as "u" plus a combining accent; both must be the same name.
    const decomposed = 'Nu\u0301n\u0303ez, Mari\u0301a';
    const r = load(csv([psRow('1', decomposed, 0), psRow('2', 'Ngô, Thị Hồng', 0)]));
    expect(r.students[0].name).toBe('María Núñez');
    expect(r.students[1].name).toBe('Thị Hồng Ngô');
  });

  test('"Last, First" names are split; separate first and last columns are used when present', () => {
    const a = load(csv([psRow('1', 'García Márquez, José Luis', 0)]));
    expect(a.students[0]).toMatchObject({ firstName: 'José Luis', lastName: 'García Márquez', name: 'José Luis García Márquez' });
    const b = load(
      csv(
        [['2', 'Ana', 'Rivera', '3', 'Oak', '58', '0']],
        ['Student ID', 'First Name', 'Last Name', 'Grade', 'School', 'Days Enrolled', 'Days Absent'],
      ),
    );
    expect(b.students[0]).toMatchObject({ firstName: 'Ana', lastName: 'Rivera', name: 'Ana Rivera' });
    const c = load(
      csv([['3', 'Ana Rivera', '3', 'Oak', '58', '0']], ['Student ID', 'Student Name', 'Grade', 'School', 'Days Enrolled', 'Days Absent']),
    );
    expect(c.students[0]).toMatchObject({ name: 'Ana Rivera', firstName: '', lastName: '' });
  });

  test.each([
    ['K', 'K'],
    ['KG', 'K'],
    ['0', 'K'],
    ['00', 'K'],
    ['PK', 'PK'],
    ['Pre-K', 'PK'],
    ['-1', 'PK'],
    ['01', '1'],
    ['3rd', '3'],
    ['Grade 9', '9'],
    ['12', '12'],
  ])('grade %s is read as %s', (raw, grade) => {
    expect(normalizeGrade(raw)).toBe(grade);
  });

  test('a grade written with a decimal is read as its whole number, never run together', () => {
    expect(normalizeGrade('1.0')).toBe('1');
    expect(normalizeGrade('12.00')).toBe('12');
    expect(normalizeGrade('0.0')).toBe('K');
    expect(normalizeGrade('2.5')).toBeNull();
    expect(normalizeGrade('Grade 1.5')).toBeNull();
  });

  test('grades that are not grades are not guessed', () => {
    expect(normalizeGrade('13')).toBeNull();
    expect(normalizeGrade('Adult')).toBeNull();
    expect(normalizeGrade(2.5)).toBeNull();
  });

  test('upper-case guardian emails are lower-cased', () => {
    const r = load(csv([psRow('1', 'A, B', 0, { email: ' MARIA.LOPEZ@EXAMPLE.ORG ' })]));
    expect(r.students[0].guardianEmail).toBe('maria.lopez@example.org');
  });

  test('PowerSchool yes/no codes for English learners and special education are read as Yes/No', () => {
    const r = load(
      csv(
        [['1', 'A, B', '3', 'Oak', '58', '2', 'Y', 'N']],
        ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', 'LEP_Status', 'SpEd'],
      ),
    );
    expect(r.students[0]).toMatchObject({ englishLearner: 'Yes', specialEducation: 'No' });
  });

  test('yes/no codes are read whatever their case; a code that is neither is kept as exported', () => {
    const codes = [
      'Y',
      'y',
      'YES',
      'Yes',
      'yes',
      'yEs',
      'IEP',
      'Iep',
      'ELL',
      'true',
      'TRUE',
      'x',
      'X',
      '1',
      'N',
      'no',
      'NO',
      'No',
      'nO',
      'False',
      '0',
      'Pending',
    ];
    const r = load(
      csv(
        codes.map((c, i) => [String(i + 1), 'A, B', '3', 'Oak', '58', '2', c, c]),
        ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', 'LEP_Status', 'SpEd'],
      ),
    );
    expect(r.students.map((s) => s.englishLearner)).toEqual([
      ...codes.slice(0, 14).map(() => 'Yes'),
      ...codes.slice(14, 21).map(() => 'No'),
      'Pending',
    ]);
    expect(r.students.map((s) => s.specialEducation)).toEqual(r.students.map((s) => s.englishLearner));
  });

  test('a student ID in capitals and the same ID in lower case are one student: the second is a duplicate', () => {
    const r = load(csv([psRow('S-7731', 'A, B', 1), psRow('s-7731', 'C, D', 1), psRow('S-7732', 'E, F', 1)]));
    expect(r.students.map((s) => s.id)).toEqual(['S-7731', 'S-7732']);
    expect(r.rejected.map((x) => x.reason)).toEqual(['duplicate-id']);
  });

  test('the guardian is the Guardian column, else Mother, else Father', () => {
    const h = ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', 'Mother', 'Father'];
    const r = load(
      csv(
        [
          ['1', 'A, B', '3', 'Oak', '58', '2', '', 'Luis B'],
          ['2', 'C, D', '3', 'Oak', '58', '2', 'Rosa D', 'Juan D'],
        ],
        h,
      ),
    );
    expect(r.students.map((s) => s.guardian)).toEqual(['Luis B', 'Rosa D']);
  });

  test('an enrolled student with no absence figure is kept as "no attendance reported", not tiered', () => {
    const r = load(csv([psRow('1', 'A, B', ''), psRow('2', 'C, D', '', { enrolled: '' })]));
    expect(r.rejected).toEqual([]);
    expect(r.students[0]).toMatchObject({ daysAbsent: null, tier: null, chronic: false, daysEnrolled: 58 });
    expect(r.students[1]).toMatchObject({ daysAbsent: null, daysEnrolled: null });
  });

  test('a student with no enrolled days yet (0 and 0) is on the roster but not tiered, so the tiers add up to the students with attendance', () => {
    const r = load(csv([psRow('1', 'A, B', 0, { enrolled: 0 }), psRow('2', 'C, D', 0)]));
    expect(r.rejected).toEqual([]);
    expect(r.students[0]).toMatchObject({ daysEnrolled: 0, daysAbsent: 0, attendanceRate: null, tier: null, chronic: false });
    expect(r.students[1]).toMatchObject({ daysEnrolled: 58, tier: 'L1' });
  });

  test('cells read from a sheet tab (numbers, not text) import the same way', () => {
    const r = importTable({
      header: ['Student ID', 'Student Name', 'Grade', 'School', 'Days Enrolled', 'Days Absent'],
      rows: [[1001, 'Rivera, Ana', 0, 'Oak', 58, 7]],
      lines: [2],
    });
    expect(r.students[0]).toMatchObject({ id: '1001', grade: 'K', daysAbsent: 7, tier: 'L3' });
  });
});

describe('bad rows are rejected with a reason, never guessed', () => {
  const reasons = (text: string) => load(text).rejected.map((x) => [x.line, x.reason]);

  test('a missing student ID', () => {
    expect(reasons(csv([psRow('', 'A, B', 1), psRow('   ', 'C, D', 1)]))).toEqual([
      [2, 'missing-id'],
      [3, 'missing-id'],
    ]);
  });

  test('a student ID Excel shortened to scientific notation: the digits are gone, so the row is rejected', () => {
    // An Excel set to a European language writes the decimal comma: 1,23457E+11.
    const r = load(
      csv([psRow('1.23457E+11', 'A, B', 1), psRow('1E+11', 'C, D', 1), psRow('1E5', 'E, F', 1), psRow('1,23457E+11', 'G, H', 1)]),
    );
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([
      [2, 'shortened-id'],
      [3, 'shortened-id'],
      [5, 'shortened-id'],
    ]);
    expect(r.rejected[0].message).toMatch(/"1.23457E\+11" was shortened by a spreadsheet program/);
    // An ID with letters that only looks alike is a student.
    expect(r.students.map((s) => s.id)).toEqual(['1E5']);
  });

  test('a day count that is not a number', () => {
    const r = load(
      csv([
        psRow('1', 'A, B', 'abc'),
        psRow('2', 'C, D', '3 days'),
        psRow('3', 'E, F', 2, { enrolled: 'five' }),
        psRow('4', 'G, H', '3,5'),
      ]),
    );
    expect(r.rejected.map((x) => x.reason)).toEqual(['not-a-number', 'not-a-number', 'not-a-number', 'not-a-number']);
    expect(r.rejected[0].message).toBe('Days absent is "abc", which is not a number of days.');
    expect(r.rejected[2].message).toMatch(/Days enrolled is "five"/);
  });

  test('a negative day count', () => {
    const r = load(csv([psRow('1', 'A, B', -2)]));
    expect(r.rejected[0]).toMatchObject({ reason: 'negative-days', message: 'Days absent is -2; a day count cannot be negative.' });
  });

  test('more absences than days enrolled', () => {
    const r = load(csv([psRow('1', 'A, B', 25, { enrolled: 20 })]));
    expect(r.rejected[0]).toMatchObject({ reason: 'absent-over-enrolled', message: 'Days absent (25) is more than days enrolled (20).' });
  });

  test('absences with no days enrolled', () => {
    expect(reasons(csv([psRow('1', 'A, B', 3, { enrolled: '' })]))).toEqual([[2, 'absent-without-enrolled']]);
  });

  test('more days than a school year has', () => {
    expect(reasons(csv([psRow('1', 'A, B', 3, { enrolled: 1800 })]))).toEqual([[2, 'too-many-days']]);
  });

  test('a duplicate ID: the first occurrence is kept and the repeat is rejected with the first line', () => {
    const r = load(csv([psRow('1001', 'First, Kept', 1), psRow('1002', 'Other, One', 1), psRow('1001', 'Second, Dropped', 9)]));
    expect(r.students.map((s) => s.name)).toEqual(['Kept First', 'One Other']);
    expect(r.rejected).toEqual([
      expect.objectContaining({
        line: 4,
        reason: 'duplicate-id',
        message: 'Student ID 1001 already appears on line 2; the first one was kept.',
      }),
    ]);
  });

  test('a missing or unknown grade, a missing school, a missing name', () => {
    expect(
      reasons(
        csv([
          psRow('1', 'A, B', 1, { grade: '' }),
          psRow('2', 'C, D', 1, { grade: '14' }),
          psRow('3', 'E, F', 1, { school: '' }),
          psRow('4', '', 1),
        ]),
      ),
    ).toEqual([
      [2, 'missing-grade'],
      [3, 'unknown-grade'],
      [4, 'missing-school'],
      [5, 'missing-name'],
    ]);
  });

  test('a used value longer than a Sheets cell holds rejects the row; its raw values are cut short for the Rejected rows sheet', () => {
    const r = load(csv([psRow('1001', 'Rivera, Ana', 1), psRow('1002', 'Chen, Wei', 2, { school: 'S'.repeat(50_001) })]));
    expect(r.students.map((s) => s.id)).toEqual(['1001']);
    expect(r.rejected.map((x) => [x.line, x.reason, x.message])).toEqual([
      [
        3,
        'too-long',
        'The School_Name value is 50,001 characters long; a spreadsheet cell holds at most 50,000, so the file is probably damaged there.',
      ],
    ]);
    expect(Math.max(...r.rejected[0].values.map((v) => v.length))).toBe(49_998);
    // A value at the limit is a value like any other.
    expect(load(csv([psRow('1003', 'Ali, Omar', 1, { school: 'S'.repeat(50_000) })])).rejected).toEqual([]);
  });

  test('a row with more values than the header (an unquoted comma) is rejected, not shifted', () => {
    const text =
      'Student_Number,LastFirst,Grade_Level,School_Name,Days_Membership,Days_Absent\n1,Rivera, Ana,3,Oak,58,2\n2,"Chen, Wei",3,Oak,58,2\n';
    const r = load(text);
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([[2, 'extra-values']]);
    expect(r.students.map((s) => s.id)).toEqual(['2']);
  });

  test('a row with a value left out is rejected, not shifted; trailing unnamed columns may be missing', () => {
    const text =
      'Student_Number,LastFirst,Grade_Level,School_Name,Home_Phone,Guardianemail,Days_Membership,Days_Absent,,\n' +
      '1002,"Kim, Joon",5,Oak,b@b.org,58,7\n' +
      '1003,"Lee, Ana",5,Oak,555-0100,c@c.org,58,7\n';
    const r = load(text);
    expect(r.rejected.map((x) => [x.line, x.reason, x.message])).toEqual([
      [
        2,
        'missing-values',
        'The row has 7 values but the header has 8 columns; a value is missing, so the values cannot be matched to their columns.',
      ],
    ]);
    expect(r.students.map((s) => [s.id, s.daysAbsent])).toEqual([['1003', 7]]);
  });

  test('the rejected row keeps its raw values, and line numbers count multi-line rows', () => {
    const h = ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent', 'Alert_Medical'];
    const r = load(
      csv(
        [
          ['1', 'A, B', '3', 'Oak', '58', '1', 'line one\nline two'],
          ['', 'C, D', '3', 'Oak', '58', 'x', ''],
        ],
        h,
      ),
    );
    expect(r.rejected).toEqual([expect.objectContaining({ line: 4, values: ['', 'C, D', '3', 'Oak', '58', 'x', ''] })]);
  });

  test('a file without the needed columns is refused as a whole', () => {
    expect(() => load('Name,Grade\nA,3\n')).toThrow(FileProblem);
  });
});

describe('cleaning a cell: trimmed, spaces single, no line breaks, accents in one normal form', () => {
  /** Every step of the cleaning, taken on every value: what the quick paths must agree with. */
  const cleanedInFull = (v: string) =>
    v
      .normalize('NFC')
      .replace(/[\u00a0\u2000-\u200b\u3000]/g, ' ')
      .trim()
      .replace(/\s+/g, ' ');

  test('names with accents typed either way, padding, no-break and doubled spaces', () => {
    expect(text('  Zoë  Nelson ')).toBe('Zoë Nelson');
    expect(text('Zoe\u0308')).toBe('Zoë');
    expect(text('Zoe\u0308')).toBe(text('Zoë'));
    expect(text('Ana\u00a0María')).toBe('Ana María');
    expect(text('Ramírez, Omar')).toBe('Ramírez, Omar');
    expect(text('="00123"')).toBe('00123');
  });

  test('a line break or tab inside a quoted value is a space: a name never starts a new line in a letter or an event', () => {
    expect(text('Rivera,\nAna')).toBe('Rivera, Ana');
    expect(text('Ana\r\nMaría\tRivera')).toBe('Ana María Rivera');
    const r = load(
      'Student_Number,LastFirst,Grade_Level,School_Name,Mother,Days_Membership,Days_Absent\n1,"Rivera,\nAna",3,Oak,"Rosa\nRivera",58,2\n',
    );
    expect(r.students.map((s) => [s.firstName, s.lastName, s.name, s.guardian])).toEqual([['Ana', 'Rivera', 'Ana Rivera', 'Rosa Rivera']]);
  });

  test('1,000 generated values clean as every step taken in full would clean them', () => {
    const pool = [
      'a',
      'Z',
      '0',
      ' ',
      '  ',
      ',',
      '-',
      "'",
      'é',
      'ñ',
      'Ü',
      '\u00a0',
      '\u0301',
      'e\u0301',
      '\t',
      '\u2003',
      '\u00ad',
      '\u00bf',
      'ł',
      '李',
      '\u3000',
    ];
    let x = 7;
    const pick = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
    for (let i = 0; i < 1000; i++) {
      const v = Array.from({ length: 1 + pick(8) }, () => pool[pick(pool.length)]).join('');
      expect({ v, cleaned: text(v) }).toEqual({ v, cleaned: cleanedInFull(v) });
    }
  });
});
