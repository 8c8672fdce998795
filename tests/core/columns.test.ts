import { foldHeader, matchHeaders } from '../../src/core/columns';

/** The PowerSchool columns an import needs, and only those. */
const NEEDED = ['Student_Number', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent'];

describe('export columns are found by name, whatever the export calls them', () => {
  test('PowerSchool quick-export field names', () => {
    const headers = [
      'Student_Number',
      'LastFirst',
      'First_Name',
      'Last_Name',
      'Grade_Level',
      'SchoolID',
      'School_Name',
      'Home_Phone',
      'Guardianemail',
      'Mother',
      'Ethnicity',
      'Gender',
      'LEP_Status',
      'SpEd',
      'Home_Language',
      'Days_Membership',
      'Days_Absent',
    ];
    const { columns, problems, ignored } = matchHeaders(headers);
    expect(problems).toEqual([]);
    expect(ignored).toEqual([]);
    expect(columns).toMatchObject({
      studentId: 0,
      lastFirst: 1,
      firstName: 2,
      lastName: 3,
      grade: 4,
      schoolId: 5,
      schoolName: 6,
      homePhone: 7,
      guardianEmail: 8,
      mother: 9,
      ethnicity: 10,
      gender: 11,
      englishLearner: 12,
      specialEducation: 13,
      homeLanguage: 14,
      daysEnrolled: 15,
      daysAbsent: 16,
    });
  });

  test('the everyday names schools type, in any case and spacing', () => {
    const { columns, problems } = matchHeaders([
      '  STUDENT ID ',
      'student name',
      'Grade',
      'school',
      'Parent Email',
      'Days Enrolled',
      'total absences',
    ]);
    expect(problems).toEqual([]);
    expect(columns).toMatchObject({
      studentId: 0,
      lastFirst: 1,
      grade: 2,
      schoolName: 3,
      guardianEmail: 4,
      daysEnrolled: 5,
      daysAbsent: 6,
    });
  });

  test('a more specific name wins over a general one', () => {
    const { columns } = matchHeaders(['ID', 'Name', 'Grade', 'School', 'Email', 'Parent Email', 'Days Enrolled', 'Absences']);
    expect(columns.guardianEmail).toBe(5);
  });

  test('"#" reads as "number" and accents and punctuation do not matter', () => {
    expect(foldHeader('Student #')).toBe('studentnumber');
    expect(foldHeader('Días-Ausente')).toBe('diasausente');
  });

  test('columns the toolkit does not need are listed as ignored, not imported', () => {
    const { ignored } = matchHeaders([...NEEDED, 'DOB', 'Street']);
    expect(ignored).toEqual(['DOB', 'Street']);
  });

  test('a missing needed column is named, with the headers that were seen', () => {
    const { problems } = matchHeaders([
      'Student_Number',
      'LastFirst',
      'Grade_Level',
      'School_Name',
      'Days_Membership',
      'Absent_Codes_List',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/No Days absent column was found/);
    expect(problems[0]).toMatch(/"Absent_Codes_List"/);
    expect(problems[0]).toMatch(/"Student_Number", "LastFirst"/);
  });

  test('several missing columns are named in one message that lists the headers once', () => {
    const { problems } = matchHeaders(['Student_Number', 'LastFirst', 'Grade_Level']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/No School column .* No Days enrolled column .* No Days absent column/);
    expect(problems[0].match(/The file's headers are/g)).toHaveLength(1);
  });

  test('a report title above the column names is recognised as a title', () => {
    const [problem] = matchHeaders(['Attendance report November', '', '']).problems;
    expect(problem).toMatch(/looks like a title .* delete the lines above the column names/);
    expect(matchHeaders(['Student_Number']).problems[0]).not.toMatch(/title/);
  });

  test('the same needed column twice is refused: which one holds the figures cannot be told', () => {
    const { problems } = matchHeaders([...NEEDED, 'Days_Absent']);
    expect(problems).toEqual([
      'The file has 2 "Days_Absent" columns (F and G), so the toolkit cannot tell which one holds the days absent. Delete or rename the extra one and import again.',
    ]);
    // A second phone or email column (Email and E-mail read alike) just goes unused, as before.
    expect(matchHeaders([...NEEDED, 'Email', 'E-mail']).problems).toEqual([]);
    // Two different names for one field are not twins: the more specific one is used.
    expect(
      matchHeaders(['Student_Number', 'Student ID', 'LastFirst', 'Grade_Level', 'School_Name', 'Days_Membership', 'Days_Absent']).problems,
    ).toEqual([]);
  });

  test('a name needs either LastFirst or both first and last name columns', () => {
    expect(matchHeaders(['ID', 'First Name', 'Grade', 'School', 'Days Enrolled', 'Days Absent']).problems[0]).toMatch(/student name/);
    expect(matchHeaders(['ID', 'First Name', 'Last Name', 'Grade', 'School', 'Days Enrolled', 'Days Absent']).problems).toEqual([]);
  });
});
