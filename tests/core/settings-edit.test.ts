import { editSettingsValues } from '../../src/core/settings-edit';
import { DEFAULT_SETTINGS, readSettings, settingsSheetValues } from '../../src/core/settings';
import { oak } from '../fixtures';

describe("a school's office phone", () => {
  test('on a sheet from before the Office phone column, the column gets its header and the phone its cell; nothing else moves', () => {
    // The sheet as an earlier version wrote it: four columns.
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak] }).map((r) => r.slice(0, 4));
    expect(readSettings(values).settings.schools).toEqual([oak]);
    const next = { ...readSettings(values).settings, schools: [{ ...oak, officePhone: '(203) 555-0142' }] };
    const { values: out, changes } = editSettingsValues(values, next);
    expect(changes).toEqual(['Schools: Office phone column', 'School: Oak Street School']);
    expect(out.find((r) => r[0] === 'School')).toEqual(['School', 'School ID', 'Attendance lead email', 'Principal email', 'Office phone']);
    expect(readSettings(out).settings.schools).toEqual([{ ...oak, officePhone: '(203) 555-0142' }]);
    expect(out.filter((r) => r[0] !== 'School' && r[0] !== 'Oak Street School').map((r) => r.slice(0, 4))).toEqual(
      values.filter((r) => r[0] !== 'School' && r[0] !== 'Oak Street School'),
    );
    // Without a phone, a four-column sheet stays four columns.
    expect(editSettingsValues(values, readSettings(values).settings).values.every((r) => r.length === 4)).toBe(true);
  });

  test('Set up gives an older, four-column Schools table the Office phone header with no phone typed yet, unless its fifth column holds notes', () => {
    const elm = { ...oak, name: 'Elm School', schoolId: '13' };
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak, elm] }).map((r) => r.slice(0, 4));
    const settings = readSettings(values).settings;
    const { values: out, changes } = editSettingsValues(values, settings, { addOfficePhoneColumn: true });
    expect(changes).toEqual(['Schools: Office phone column']);
    const changed = out
      .flatMap((r, i) => r.map((v, c) => (v !== (values[i][c] ?? '') ? `${i + 1}:${c + 1}=${String(v)}` : '')))
      .filter(Boolean);
    expect(changed).toEqual([`${out.findIndex((r) => r[0] === 'School') + 1}:5=Office phone`]);
    expect(readSettings(out).settings.schools).toEqual(settings.schools);
    // Run again: nothing more to do.
    expect(editSettingsValues(out, readSettings(out).settings, { addOfficePhoneColumn: true }).changes).toEqual([]);
    // A note beside a school in the fifth column: the column is the team's, and stays without a header.
    const noted = values.map((r) => (r[0] === 'Elm School' ? [...r, 'New principal in March'] : r));
    const kept = editSettingsValues(noted, readSettings(noted).settings, { addOfficePhoneColumn: true });
    expect(kept.changes).toEqual([]);
    expect(kept.values.find((r) => r[0] === 'School')![4] ?? '').toBe('');
    // An import (no option) never adds it.
    expect(editSettingsValues(values, settings).changes).toEqual([]);
  });

  test("a team's note in the fifth column of an older Schools table is never read as a phone, and a phone saved for another school does not erase it", () => {
    const elm = { ...oak, name: 'Elm School', schoolId: '13' };
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak, elm] }).map((r) => r.slice(0, 4));
    values.forEach((r) => r[0] === 'Oak Street School' && r.push('Principal on leave until March'));
    const read = readSettings(values);
    expect(read.settings.schools.map((s) => s.officePhone)).toEqual(['', '']);
    expect(read.problems).toEqual([]);
    const next = { ...read.settings, schools: [oak, { ...elm, officePhone: '(203) 555-0150' }] };
    const { values: out } = editSettingsValues(values, next);
    expect(out.find((r) => r[0] === 'Oak Street School')![4]).toBe('Principal on leave until March');
    expect(out.find((r) => r[0] === 'Elm School')![4]).toBe('(203) 555-0150');
  });

  test('a note typed where a phone goes is reported, kept for Set up to show, and not put in letters', () => {
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [{ ...oak, officePhone: 'ask at the front desk' }] });
    const read = readSettings(values);
    expect(read.settings.schools[0].officePhone).toBe('');
    expect(read.typedSchools[0].officePhone).toBe('ask at the front desk');
    expect(read.problems.map((p) => p.message)).toEqual([
      'Oak Street School\'s office phone "ask at the front desk" is not a phone number: give the number families call, such as (203) 555-0100.',
    ]);
  });

  test('a note typed where a phone goes, too long to be one, is reported and not put in letters', () => {
    const values = settingsSheetValues({
      ...DEFAULT_SETTINGS,
      schools: [{ ...oak, officePhone: 'Call the front desk and ask for Ms. Rivera in the morning' }],
    });
    const read = readSettings(values);
    expect(read.settings.schools[0].officePhone).toBe('');
    expect(read.problems.map((p) => p.message)).toEqual([
      "Oak Street School's office phone is longer than 40 characters: give the number families call, such as (203) 555-0100.",
    ]);
  });
});

describe('the set-up wizard changes only what the user changed', () => {
  test('saving the same answers changes nothing', () => {
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak] });
    const { values: out, changes } = editSettingsValues(values, readSettings(values).settings);
    expect(changes).toEqual([]);
    expect(out).toEqual(values);
  });

  test('a changed setting rewrites that one cell and keeps a note beside it', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const row = values.findIndex((r) => r[0] === 'Days in school year');
    values[row][3] = 'Board approved 181 days';
    const { values: out, changes } = editSettingsValues(values, { ...readSettings(values).settings, daysInSchoolYear: 181 });
    expect(changes).toEqual(['Days in school year']);
    expect(out[row]).toEqual(['Days in school year', 181, values[row][2], 'Board approved 181 days', '']);
    expect(out.filter((_, i) => i !== row)).toEqual(values.filter((_, i) => i !== row));
  });

  test('a percentage typed by a person (0.3) is the same as the wizard\'s "30%"', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const row = values.findIndex((r) => String(r[0]).startsWith('District goal'));
    values[row][1] = 0.3;
    expect(editSettingsValues(values, readSettings(values).settings).changes).toEqual([]);
  });

  test('schools are updated in place and new ones added at the end of the table, none removed', () => {
    const elm = { name: 'Elm Grove School', schoolId: '', attendanceLead: '', principal: '', officePhone: '' };
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [elm, oak] });
    const next = {
      ...readSettings(values).settings,
      schools: [
        { ...oak, attendanceLead: 'new.lead@district.org' },
        { name: 'Pine School', schoolId: '7', attendanceLead: '', principal: '', officePhone: '' },
      ],
    };
    const { values: out, changes } = editSettingsValues(values, next);
    expect(changes).toEqual(['School: Oak Street School', 'School: Pine School']);
    expect(readSettings(out).settings.schools.map((s) => [s.name, s.attendanceLead])).toEqual([
      ['Elm Grove School', ''],
      ['Oak Street School', 'new.lead@district.org'],
      ['Pine School', ''],
    ]);
  });

  test('a new reasons list replaces the old one; the rest of the sheet is unchanged', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const { values: out, changes } = editSettingsValues(values, { ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus'] });
    expect(changes).toEqual(['Reasons for absence']);
    expect(readSettings(out).settings.absenceReasons).toEqual(['Illness', 'Bus']);
    expect(out.length).toBe(values.length);
  });

  test('an empty sheet gets every setting, the Schools table and the reasons', () => {
    const { values: out } = editSettingsValues([], { ...DEFAULT_SETTINGS, schools: [oak] });
    const read = readSettings(out);
    expect(read.problems).toEqual([]);
    expect(read.settings).toEqual({ ...DEFAULT_SETTINGS, schools: [oak] });
  });

  describe('a sheet people have edited by hand is read and changed the same way', () => {
    const reasonsAt = (values: unknown[][]) => values.findIndex((r) => r[0] === 'Reasons for absence');

    test('a note beside a reason stays when another reason is added', () => {
      const values = settingsSheetValues(DEFAULT_SETTINGS);
      const at = reasonsAt(values) + 1;
      values[at][1] = 'Ask about the nurse';
      const reasons = readSettings(values).settings.absenceReasons;
      const { values: out } = editSettingsValues(values, { ...readSettings(values).settings, absenceReasons: [...reasons, 'Weather'] });
      expect(out[at]).toEqual(values[at]);
      expect(readSettings(out).settings.absenceReasons).toEqual([...reasons, 'Weather']);
    });

    test('a reason added between two others goes where it belongs at once, notes kept, and a second run changes nothing', () => {
      const values = settingsSheetValues({ ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus', 'Work'] });
      const at = reasonsAt(values) + 1;
      values[at + 1][1] = 'Route 12 is often late';
      const wanted = ['Illness', 'Housing', 'Bus', 'Work'];
      const first = editSettingsValues(values, { ...readSettings(values).settings, absenceReasons: wanted });
      expect(readSettings(first.values).settings.absenceReasons).toEqual(wanted);
      expect(first.values.slice(at, at + 4).map((r) => [r[0], r[1]])).toEqual([
        ['Illness', ''],
        ['Housing', ''],
        ['Bus', 'Route 12 is often late'],
        ['Work', ''],
      ]);
      const second = editSettingsValues(first.values, readSettings(first.values).settings);
      expect(second.changes).toEqual([]);
      expect(second.values).toEqual(first.values);
    });

    test('reordering the reasons moves each row with its note', () => {
      const values = settingsSheetValues({ ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus', 'Work'] });
      const at = reasonsAt(values) + 1;
      values[at][1] = 'Ask about the nurse';
      values[at + 1][2] = 'Route 12';
      const { values: out } = editSettingsValues(values, { ...readSettings(values).settings, absenceReasons: ['Work', 'Bus', 'Illness'] });
      expect(readSettings(out).settings.absenceReasons).toEqual(['Work', 'Bus', 'Illness']);
      expect(out.slice(at, at + 3).map((r) => r.slice(0, 3))).toEqual([
        ['Work', '', ''],
        ['Bus', '', 'Route 12'],
        ['Illness', 'Ask about the nurse', ''],
      ]);
    });

    test('reasons after a blank row are part of the list: removing one removes it, nothing is doubled', () => {
      const values = settingsSheetValues({ ...DEFAULT_SETTINGS, absenceReasons: ['Illness', 'Bus'] });
      values.push(['', '', '', ''], ['Work', '', '', '']);
      expect(readSettings(values).settings.absenceReasons).toEqual(['Illness', 'Bus', 'Work']);
      const removed = editSettingsValues(values, { ...readSettings(values).settings, absenceReasons: ['Illness', 'Bus'] }).values;
      expect(readSettings(removed).settings.absenceReasons).toEqual(['Illness', 'Bus']);
      const added = editSettingsValues(values, { ...readSettings(values).settings, absenceReasons: ['Illness', 'Bus', 'Work', 'Housing'] });
      expect(readSettings(added.values).settings.absenceReasons).toEqual(['Illness', 'Bus', 'Work', 'Housing']);
    });

    test('a school below a blank row is changed in place, not added again', () => {
      const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak] });
      const at = values.findIndex((r) => r[0] === 'Oak Street School');
      values.splice(at, 0, ['', '', '', '']);
      const next = { ...readSettings(values).settings, schools: [{ ...oak, principal: 'new.principal@district.org', officePhone: '' }] };
      const { values: out, changes } = editSettingsValues(values, next);
      expect(changes).toEqual(['School: Oak Street School']);
      expect(out.filter((r) => r[0] === 'Oak Street School')).toEqual([
        ['Oak Street School', '12', 'lead@district.org', 'new.principal@district.org', ''],
      ]);
    });

    test('a setting the sheet lacks goes above the Schools table even with no blank row before it', () => {
      const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [oak] });
      const schools = values.findIndex((r) => r[0] === 'Schools');
      values.splice(schools - 1, 1); // the blank row before "Schools"
      const days = values.findIndex((r) => r[0] === 'Days in school year');
      values.splice(days, 1);
      const { values: out } = editSettingsValues(values, readSettings(values).settings);
      const read = readSettings(out);
      expect(read.problems).toEqual([]);
      expect(read.settings.schools).toEqual([oak]);
      expect(out.findIndex((r) => r[0] === 'Days in school year')).toBeLessThan(out.findIndex((r) => r[0] === 'Schools'));
    });

    test('when a setting is listed twice, the row the toolkit reads (the last) is the one changed', () => {
      const values = settingsSheetValues(DEFAULT_SETTINGS);
      const row = values.findIndex((r) => r[0] === 'Days in school year');
      values.splice(row + 1, 0, ['Days in school year', 180, '', '']);
      const { values: out } = editSettingsValues(values, { ...readSettings(values).settings, daysInSchoolYear: 175 });
      expect(readSettings(out).settings.daysInSchoolYear).toBe(175);
    });
  });
});
