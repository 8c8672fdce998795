import { editSettingsValues } from '../../src/core/settings-edit';
import { DEFAULT_SETTINGS, readSettings, settingsSheetValues } from '../../src/core/settings';

const oak = { name: 'Oak Street School', schoolId: '12', attendanceLead: 'lead@district.org', principal: 'principal@district.org' };

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
    expect(out[row]).toEqual(['Days in school year', 181, values[row][2], 'Board approved 181 days']);
    expect(out.filter((_, i) => i !== row)).toEqual(values.filter((_, i) => i !== row));
  });

  test('a percentage typed by a person (0.3) is the same as the wizard\'s "30%"', () => {
    const values = settingsSheetValues(DEFAULT_SETTINGS);
    const row = values.findIndex((r) => String(r[0]).startsWith('District goal'));
    values[row][1] = 0.3;
    expect(editSettingsValues(values, readSettings(values).settings).changes).toEqual([]);
  });

  test('schools are updated in place and new ones added at the end of the table, none removed', () => {
    const elm = { name: 'Elm Grove School', schoolId: '', attendanceLead: '', principal: '' };
    const values = settingsSheetValues({ ...DEFAULT_SETTINGS, schools: [elm, oak] });
    const next = {
      ...readSettings(values).settings,
      schools: [
        { ...oak, attendanceLead: 'new.lead@district.org' },
        { name: 'Pine School', schoolId: '7', attendanceLead: '', principal: '' },
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
});
