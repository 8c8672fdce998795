/** Hand-made students and report inputs for the report's tests. */
import { ImportRecord, ReportInputs, Snapshot } from '../src/core/report';
import { DEFAULT_SETTINGS, Settings } from '../src/core/settings';
import { Grade, Student } from '../src/core/student';
import { isChronic, tierFor } from '../src/core/tiers';

/**
 * The toolkit's "ATTENDANCE CATEGORY" tables, transcribed from the district's toolkit
 * (/work/shared/seeds/000_52085ee3c8dda2ef.txt): frequency and percent per level, and the total.
 */
export const TOOLKIT_TABLES = {
  district: {
    rows: [
      ['L1 = on Track', 4725, 26.7],
      ['L2 = 2 to 5 days', 6924, 39.2],
      ['L3 = 6 to 10 days', 3629, 20.5],
      ['L4 = 11 to 14 days', 1044, 5.9],
      ['L5 = 15 to 17 days', 396, 2.2],
      ['L6 = 18 Plus days', 961, 5.4],
      ['Total', 17679, 100.0],
    ],
  },
  elementary: {
    rows: [
      ['L1 = on Track', 3463, 29.0],
      ['L2 = 2 to 5 days', 4870, 40.8],
      ['L3 = 6 to 10 days', 2425, 20.3],
      ['L4 = 11 to 14 days', 620, 5.2],
      ['L5 = 15 to 17 days', 223, 1.9],
      ['L6 = 18 Plus days', 328, 2.7],
      ['Total', 11929, 100.0],
    ],
  },
  high: {
    rows: [
      ['L1 = on Track', 1262, 21.9],
      ['L2 = 2 to 5 days', 2054, 35.7],
      ['L3 = 6 to 10 days', 1204, 20.9],
      ['L4 = 11 to 14 days', 424, 7.4],
      ['L5 = 15 to 17 days', 173, 3.0],
      ['L6 = 18 Plus days', 633, 11.0],
      ['Total', 5750, 100.0],
    ],
  },
} as const;

let next = 1;

export function student(over: Partial<Student> & { absent?: number | null; enrolled?: number | null } = {}): Student {
  const enrolled = over.enrolled === undefined ? 50 : over.enrolled;
  const absent = over.absent === undefined ? 0 : over.absent;
  const id = over.id ?? `S${next++}`;
  const tier = absent === null ? null : tierFor(absent);
  return {
    id,
    name: `Student ${id}`,
    firstName: 'Student',
    lastName: id,
    grade: '3' as Grade,
    school: 'Oak School',
    schoolId: '',
    guardian: '',
    homePhone: '',
    guardianEmail: '',
    homeLanguage: 'English',
    ethnicity: 'Hispanic/Latino',
    gender: 'F',
    englishLearner: 'No',
    specialEducation: 'No',
    caseOwner: '',
    daysEnrolled: enrolled,
    daysAbsent: absent,
    attendanceRate: absent !== null && enrolled ? (enrolled - absent) / enrolled : null,
    tier,
    chronic: absent !== null && enrolled !== null ? isChronic(absent, enrolled) : false,
    ...over,
  } as Student;
}

export const NOW = Date.UTC(2026, 10, 23, 15, 0, 0); // Monday 2026-11-23, 10:00 in New York
export const EST = -300;

export function inputs(
  students: Student[],
  over: Omit<Partial<ReportInputs>, 'settings'> & { settings?: Partial<Settings> } = {},
): ReportInputs {
  const { settings, ...rest } = over;
  return {
    students,
    settings: { ...DEFAULT_SETTINGS, ...settings },
    imports: [],
    currentImportId: null,
    previous: null,
    latest: null,
    logs: {},
    now: NOW,
    tzOffsetMinutes: EST,
    ...rest,
  };
}

export function record(importId: string, importedAt: number, rows: number, chronic = 0, withAttendance = rows): ImportRecord {
  return { importId, importedAt, source: 'test', students: rows, withAttendance, chronic, rows };
}

export function snap(studentId: string, daysEnrolled: number | null, daysAbsent: number | null, tierSince: number | null = null): Snapshot {
  return { studentId, daysEnrolled, daysAbsent, tier: daysAbsent === null ? null : tierFor(daysAbsent), tierSince };
}

/** The hand-counted district of tests/core/report-model.test.ts. */
export function handDistrict(): Student[] {
  const oak = [0, 0, 1, 1, 2, 3, 4, 5, 5, 6, 7, 8, 10, 11, 12, 15, 16, 18, 20, 25].map((absent, i) =>
    student({ id: `O${i + 1}`, absent, school: 'Oak School', grade: '3', gender: i % 2 ? 'M' : 'F', englishLearner: i < 4 ? 'Yes' : 'No' }),
  );
  const elm = [0, 1, 2, 3, 6, 9, 11, 14, 15, 18, 30, 40].map((absent, i) =>
    student({
      id: `E${i + 1}`,
      absent,
      school: 'Elm High School',
      grade: '10',
      gender: i === 11 ? 'X' : i % 2 ? 'M' : 'F',
      englishLearner: i < 3 ? 'Yes' : 'No',
    }),
  );
  const tiny = [0, 2, 7, 20].map((absent, i) =>
    student({
      id: `T${i + 1}`,
      absent,
      school: 'Tiny School',
      grade: '5',
      gender: i % 2 ? 'M' : 'F',
      englishLearner: i < 2 ? 'Yes' : 'No',
    }),
  );
  return [
    ...oak,
    ...elm,
    ...tiny,
    student({ id: 'N1', absent: null, enrolled: 50, school: 'Oak School', grade: '4' }),
    student({ id: 'N2', absent: null, enrolled: null, school: 'Oak School', grade: '4' }),
  ];
}
