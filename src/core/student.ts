import { TierId } from './rules';

/** Grades as the toolkit writes them: PK, K, then 1..12. */
export type Grade = 'PK' | 'K' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '10' | '11' | '12';

export const GRADES: readonly Grade[] = ['PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];

/** The toolkit reports Elementary K-8 and High School 9-12 separately (pre-K counts with elementary). */
export type GradeBand = 'Elementary K-8' | 'High School 9-12';

export function gradeBand(grade: Grade): GradeBand {
  return grade === 'PK' || grade === 'K' || Number(grade) <= 8 ? 'Elementary K-8' : 'High School 9-12';
}

/** One student on the roster, after import and validation. */
export interface Student {
  id: string;
  /** "First Last" when the parts are known, else the name as the file gave it. */
  name: string;
  firstName: string;
  lastName: string;
  grade: Grade;
  school: string;
  schoolId: string;
  guardian: string;
  homePhone: string;
  /** Lower-cased and trimmed; not checked here (outreach decides what it can use). */
  guardianEmail: string;
  homeLanguage: string;
  ethnicity: string;
  gender: string;
  /** "Yes", "No", or the export's own code when it is neither. */
  englishLearner: string;
  specialEducation: string;
  caseOwner: string;
  /** Null when the export gives no enrolled days (the student is not enrolled yet). */
  daysEnrolled: number | null;
  /** Null when the export gives no absence figure ("no attendance reported"). */
  daysAbsent: number | null;
  /** 0..1, null without enrolled days or absence figure. */
  attendanceRate: number | null;
  /** Null when there is no absence figure to place the student by. */
  tier: TierId | null;
  chronic: boolean;
}

/**
 * A student who is not on the current Roster (no longer in the newest export), as the Referrals
 * log knows them: ID, and name and school as last logged. Their entries are logged with no tier
 * ("Tier at the time" blank): they have no level in the current export, so an update made after
 * they left never counts as work at a level (src/core/level-work.ts) if they come back.
 */
export interface LoggedStudent {
  id: string;
  name: string;
  school: string;
  tier: null;
}
