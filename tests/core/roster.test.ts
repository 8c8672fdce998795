import { importTable } from '../../src/core/importer';
import { parseCsv } from '../../src/core/csv';
import { ROSTER_COLUMNS, ROSTER_HEADERS, rosterRow, studentsFromRoster } from '../../src/core/roster';
import { Student } from '../../src/core/student';

const header =
  'Student_Number,LastFirst,Grade_Level,SchoolID,School_Name,Home_Phone,Guardianemail,Mother,Ethnicity,Gender,LEP_Status,SpEd,Home_Language,Days_Membership,Days_Absent';
const students: Student[] = importTable(
  parseCsv(
    [
      header,
      '101,"Baker, Dmitri",6,17,Juniper School,(203) 555-1342,Y.Baker@example.net,Yusuf Baker,Black,M,Y,N,Spanish,58,12',
      '102,"Nelson, Zoë",K,23,Mill River School,,,,Hispanic/Latino,F,N,Y,English,58,0',
      '103,"Adams, João",11,105,Summit Academy,,,,,,,,,,',
      '104,"Reyes, Ana",PK,1,Alder School,,,,,,Pending,,Portuguese,40,40',
    ].join('\n'),
  ),
).students;

describe('the Roster row of a student', () => {
  test('holds, left to right, the cells its columns describe', () => {
    expect(students).toHaveLength(4);
    for (const s of students) {
      const described = ROSTER_COLUMNS.map((c) => (c.kind === 'yesno' ? (c.get(s) ? 'Yes' : 'No') : c.get(s)));
      expect(rosterRow(s)).toEqual(described);
      expect(rosterRow(s)).toHaveLength(ROSTER_HEADERS.length);
    }
  });

  test('an L4 student reads Serious and chronically absent; a student without attendance reads "No attendance reported"', () => {
    const [l4, , none] = students.map(rosterRow);
    const at = (h: string) => ROSTER_HEADERS.indexOf(h);
    expect([l4[at('Tier')], l4[at('Tier name')], l4[at('Chronically absent')]]).toEqual(['L4', 'Serious', 'Yes']);
    expect([none[at('Tier')], none[at('Tier name')], none[at('Days absent')]]).toEqual(['', 'No attendance reported', null]);
  });

  test('reads back as the same student', () => {
    const values = [ROSTER_HEADERS.slice(), ...students.map((s) => rosterRow(s).map((v) => (v === null ? '' : v)))];
    expect(studentsFromRoster(values)).toEqual(students);
  });
});
