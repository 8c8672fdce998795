/**
 * Which column of an export holds which fact about a student.
 *
 * PowerSchool quick exports use field names (Student_Number, Days_Membership ...); schools'
 * own spreadsheets use everyday words ("Student ID", "Total Absences" ...). Headers are
 * compared after folding case, accents, spaces and punctuation, so "Grade_Level",
 * "grade level" and "GRADE-LEVEL" are the same header. Within a field, earlier names win:
 * a file with both "Parent Email" and "Email" uses "Parent Email".
 */

export type FieldKey =
  | 'studentId'
  | 'lastFirst'
  | 'firstName'
  | 'lastName'
  | 'grade'
  | 'schoolId'
  | 'schoolName'
  | 'homePhone'
  | 'guardianEmail'
  | 'guardian'
  | 'mother'
  | 'father'
  | 'ethnicity'
  | 'gender'
  | 'englishLearner'
  | 'specialEducation'
  | 'homeLanguage'
  | 'caseOwner'
  | 'daysEnrolled'
  | 'daysAbsent';

export interface FieldSpec {
  key: FieldKey;
  /** How the field is named in messages to users. */
  label: string;
  /** Header names that mean this field, most specific first. */
  names: readonly string[];
}

export const FIELDS: readonly FieldSpec[] = [
  {
    key: 'studentId',
    label: 'Student ID',
    names: [
      'Student_Number',
      'Student Number',
      'Student ID',
      'StudentID',
      'Student #',
      'Student No',
      'Local ID',
      'SIS ID',
      'State Student ID',
      'ID',
    ],
  },
  { key: 'lastFirst', label: 'Student name', names: ['LastFirst', 'Last First', 'Student Name', 'Student', 'Full Name', 'Name'] },
  { key: 'firstName', label: 'First name', names: ['First_Name', 'First Name', 'FirstName', 'First', 'Given Name'] },
  { key: 'lastName', label: 'Last name', names: ['Last_Name', 'Last Name', 'LastName', 'Last', 'Surname', 'Family Name'] },
  { key: 'grade', label: 'Grade', names: ['Grade_Level', 'Grade Level', 'Grade', 'Gr', 'Grd'] },
  { key: 'schoolId', label: 'School ID', names: ['SchoolID', 'School_Number', 'School Number', 'School Code', 'School No'] },
  { key: 'schoolName', label: 'School', names: ['School_Name', 'School Name', 'School', 'Building', 'Campus'] },
  {
    key: 'homePhone',
    label: 'Home phone',
    names: ['Home_Phone', 'Home Phone', 'Guardian Phone', 'Parent Phone', 'Phone Number', 'Phone', 'Telephone'],
  },
  {
    key: 'guardianEmail',
    label: 'Guardian email',
    names: ['Guardianemail', 'Guardian_Email', 'Guardian Email', 'Parent Email', 'Parent_Email', 'Family Email', 'Email Address', 'Email'],
  },
  { key: 'guardian', label: 'Guardian', names: ['Guardian', 'Guardian Name', 'Parent', 'Parent Name', 'Parent/Guardian', 'Contact Name'] },
  { key: 'mother', label: 'Mother', names: ['Mother', 'Mother Name', 'Mother_Name'] },
  { key: 'father', label: 'Father', names: ['Father', 'Father Name', 'Father_Name'] },
  { key: 'ethnicity', label: 'Ethnicity', names: ['Ethnicity', 'FedEthnicity', 'Race/Ethnicity', 'Race Ethnicity', 'Race'] },
  { key: 'gender', label: 'Gender', names: ['Gender', 'Sex'] },
  {
    key: 'englishLearner',
    label: 'English learner',
    names: ['LEP_Status', 'LEP Status', 'LEP', 'ELL', 'ELL Status', 'English Learner', 'EL', 'ML', 'Multilingual Learner'],
  },
  {
    key: 'specialEducation',
    label: 'Special education',
    names: ['SpEd', 'SPED', 'SpEd_Status', 'Special Education', 'Special Ed', 'IEP'],
  },
  {
    key: 'homeLanguage',
    label: 'Home language',
    names: ['Home_Language', 'Home Language', 'Language', 'Primary Language', 'Language Spoken At Home', 'Family Language'],
  },
  { key: 'caseOwner', label: 'Case owner', names: ['Case owner', 'Case_Owner', 'Caseworker', 'Case Manager'] },
  {
    key: 'daysEnrolled',
    label: 'Days enrolled',
    names: [
      'Days_Membership',
      'Days Membership',
      'Days in Membership',
      'Days Enrolled',
      'Enrolled Days',
      'Membership Days',
      'Membership',
      'Days Possible',
    ],
  },
  {
    key: 'daysAbsent',
    label: 'Days absent',
    names: ['Days_Absent', 'Days Absent', 'Total Absences', 'Total Days Absent', 'Absent Days', 'Absences', 'Days Missed', 'Absent'],
  },
];

/** Fold a header for comparison: accents, case, spaces and punctuation do not matter; "#" reads as "number". */
export function foldHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/#/g, 'number')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export type ColumnMap = Partial<Record<FieldKey, number>>;

/** The fields a roster row stands on: a student's identity, place and days. */
const ROSTER_DEFINING: ReadonlySet<FieldKey> = new Set<FieldKey>([
  'studentId',
  'lastFirst',
  'firstName',
  'lastName',
  'grade',
  'schoolId',
  'schoolName',
  'daysEnrolled',
  'daysAbsent',
]);

export interface HeaderMatch {
  columns: ColumnMap;
  /** Headers that matched no field; they are not imported (only what the toolkit needs is kept). */
  ignored: string[];
  /** Plain-language problems that stop the import, e.g. a missing days-absent column. */
  problems: string[];
}

const FOLDED_NAMES: ReadonlyMap<FieldKey, string[]> = new Map(FIELDS.map((f) => [f.key, f.names.map(foldHeader)]));

export function matchHeaders(headers: readonly string[]): HeaderMatch {
  const folded = headers.map((h) => foldHeader(String(h ?? '')));
  const columns: ColumnMap = {};
  const taken = new Set<number>();
  for (const field of FIELDS) {
    for (const name of FOLDED_NAMES.get(field.key) ?? []) {
      const index = folded.findIndex((h, i) => h === name && !taken.has(i));
      if (index >= 0) {
        columns[field.key] = index;
        taken.add(index);
        break;
      }
    }
  }
  const ignored = headers.filter((h, i) => !taken.has(i) && String(h ?? '').trim() !== '').map((h) => String(h).trim());

  const problems: string[] = [];
  // The same column twice (two exports pasted side by side, a column copied): which one holds the
  // figures cannot be told, so the file is refused rather than one of them taken silently.
  for (const field of FIELDS) {
    const at = columns[field.key];
    // Only the columns the roster stands on; a second phone or email column just goes unused.
    if (at === undefined || !ROSTER_DEFINING.has(field.key)) continue;
    const twins = folded.flatMap((h, i) => (h === folded[at] ? [i] : []));
    if (twins.length > 1) {
      problems.push(
        `The file has ${twins.length} "${String(headers[at]).trim()}" columns (${twins.map(columnLetter).join(' and ')}), so the toolkit cannot tell which one holds the ${field.label.toLowerCase()}. Delete or rename the extra one and import again.`,
      );
    }
  }
  const missing: string[] = [];
  const need = (label: string, examples: string) => missing.push(`No ${label} column was found (looked for ${examples}).`);
  if (columns.studentId === undefined) need('Student ID', '"Student_Number" or "Student ID"');
  if (columns.lastFirst === undefined && (columns.firstName === undefined || columns.lastName === undefined)) {
    need('student name', '"LastFirst", "Student Name", or "First_Name" with "Last_Name"');
  }
  if (columns.grade === undefined) need('Grade', '"Grade_Level" or "Grade"');
  if (columns.schoolName === undefined && columns.schoolId === undefined) need('School', '"School_Name", "School" or "SchoolID"');
  if (columns.daysEnrolled === undefined) need('Days enrolled', '"Days_Membership" or "Days Enrolled"');
  if (columns.daysAbsent === undefined) need('Days absent', '"Days_Absent" or "Total Absences"');
  if (missing.length > 0) {
    const named = headers.filter((h) => String(h ?? '').trim() !== '');
    const seen = headers.map((h) => `"${String(h ?? '').trim()}"`).join(', ');
    // A report title above the column names reads as a header of one cell that names nothing.
    const hint =
      named.length <= 1 && Object.keys(columns).length === 0
        ? ' The first line looks like a title rather than column names: delete the lines above the column names and import again.'
        : '';
    problems.push(`${missing.join(' ')} The file's headers are: ${seen}.${hint}`);
  }
  return { columns, ignored, problems };
}

/** A sheet's column letter for a 0-based position: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
