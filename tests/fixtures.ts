/** Small records shared by the core tests. */
import { School } from '../src/core/settings';
import { Student } from '../src/core/student';

/** A student as the Roster gives them back: an L3 Moderate fifth grader, chronically absent. */
export function student(over: Partial<Student> = {}): Student {
  return {
    id: '1001',
    name: 'Ana Rivera',
    firstName: 'Ana',
    lastName: 'Rivera',
    grade: '5',
    school: 'Oak Street School',
    schoolId: '',
    guardian: 'Maria Rivera',
    homePhone: '(203) 555-0100',
    guardianEmail: 'maria@example.org',
    homeLanguage: 'Spanish',
    ethnicity: '',
    gender: '',
    englishLearner: 'No',
    specialEducation: 'No',
    caseOwner: '',
    daysEnrolled: 58,
    daysAbsent: 7,
    attendanceRate: 51 / 58,
    tier: 'L3',
    chronic: true,
    ...over,
  };
}

/** A school as the Settings sheet lists it, with its lead and principal and no office phone yet. */
export const oak: School = {
  name: 'Oak Street School',
  schoolId: '12',
  attendanceLead: 'lead@district.org',
  principal: 'principal@district.org',
  officePhone: '',
};
