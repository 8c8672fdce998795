/**
 * The Partners sheet: who a student can be referred to. Seeded from the toolkit: its programs
 * (success mentors, LEAP home visits, NHPS/Governor's Partnership mentoring, YouthConnect, School
 * Community Care Coordinators, drop-out prevention specialists, restorative circles and the L6
 * agencies) and every community partner organization on its "Current Community Partners which
 * could be tapped for Youth Connect Attendance Supports" slides. The district edits the sheet:
 * add a partner, mark one inactive (its old referrals keep their name), change a contact.
 *
 * Layout: one header row, then one partner per row.
 *   Partner | Kind | What they offer | Toolkit levels | Contact email | Active
 */

import { columnLetter } from './columns';
import { someNames } from './words';

export type PartnerKind = 'Toolkit program' | 'Agency' | 'Community partner';

export interface Partner {
  name: string;
  kind: PartnerKind | string;
  offers: string;
  /** Levels whose interventions name this partner, e.g. "L4, L5". */
  levels: string;
  contactEmail: string;
  active: boolean;
}

export const PARTNERS_SHEET = 'Partners';
export const PARTNER_HEADERS = ['Partner', 'Kind', 'What they offer', 'Toolkit levels', 'Contact email', 'Active'] as const;

const program = (name: string, levels: string, offers: string): Partner => ({
  name,
  kind: 'Toolkit program',
  offers,
  levels,
  contactEmail: '',
  active: true,
});
const agency = (name: string, offers: string): Partner => ({ name, kind: 'Agency', offers, levels: 'L6', contactEmail: '', active: true });
const community = (name: string, offers: string): Partner => ({
  name,
  kind: 'Community partner',
  offers,
  levels: 'L4, L5, L6',
  contactEmail: '',
  active: true,
});

/** The toolkit's programs and community partners, in the toolkit's order. */
export const SEED_PARTNERS: readonly Partner[] = [
  program('Success mentor', 'L3', 'A caring adult or senior peer who checks in with the student during the school day.'),
  program('LEAP home visits', 'L3', 'Learner Engagement and Attendance Program (CSDE): virtual and in-person home visits.'),
  program(
    "NHPS/Governor's Partnership mentoring",
    'L4',
    "Community-based mentor through the NHPS-Governor's Partnership Mentoring Portal.",
  ),
  program('YouthConnect', 'L4, L5, L6', 'YouthConnect-Attendance Community Partnerships Council; updates are provided bi-weekly.'),
  program(
    'School Community Care Coordinators',
    'L4',
    'Care coordination for the student and family; updates monitored at bi-weekly meetings.',
  ),
  program('Drop-out prevention specialists', 'L3, L6', 'Three drop-out prevention workers (2 for high schools, 1 for K-8).'),
  program('Restorative conferences/circles', 'L3, L4, L5', 'Restorative mentoring, conferences and circles.'),
  agency('Probation', 'Intra-agency community response for students absent 18+ days.'),
  agency('DCF', 'Department of Children and Families: intra-agency community response.'),
  agency('CT-VIP/Street Outreach workers', 'Street outreach: intra-agency community response.'),
  community(
    'ARTE Inc.',
    'After school program: arts and crafts, cultural dance, sports and physical fitness, language arts and games that encourage active thinking.',
  ),
  community('Arts for Learning', "Programs based on AFLCT's pedagogy: social and emotional learning and culturally responsive teaching."),
  community(
    'Arts in CT',
    'Enrichment: arts and crafts, African dance and martial arts classes for cultural awareness and child development.',
  ),
  community(
    "Alliance Children's Theater Inc.",
    'After school theater: leadership, social emotional learning, academic instruction, language acquisition and collaboration.',
  ),
  community('Clifford Beers', 'Pro-social activities that nurture and educate youth, promote positive development and engage families.'),
  community('Eli Whitney Museum', 'STEM projects that promote creativity and problem solving.'),
  community('Kids Kraze', 'A variety of activities that promote healthy learning in a safe environment.'),
  community('Kiyama', 'Mentoring program: high school students trained to mentor NHPS students in lower grades.'),
  community('Little Scientists', 'Scientific, literacy, mathematics, critical thinking and problem-solving skills.'),
  community('mActivity', 'After school program for students under McKinney-Vento and at risk of homelessness: health and wellness.'),
  community('New Haven Reads', 'One-on-one literacy tutoring for students in grades 1 to 12 reading below grade level.'),
  community('NH Pride Center LGBTQ', 'Weekly programs for LGBTQ students experiencing homelessness and other youth programming.'),
  community(
    'Prince Hall Oriental Lodge #6',
    'Mentoring for males in grades 5-9: groups and activities for academic and personal development.',
  ),
  community('Ready Inc.', 'After school program for grades 5-12 at risk of dropping out: academic, social and emotional needs.'),
  community('S.P.O.R.T. Academy', 'Tutoring, especially math, while learning chess as life skills.'),
  community('The Boys and Girls Club', 'Homework and academics, healthy habits, community service and character development.'),
  community('The Green Peacock', 'Physical and mental health activities: Zumba, calisthenics, aqua fitness and wellness.'),
  community('The Monk Center', 'Enrichment through performing arts and career exploration.'),
  community('The Justice Education Center', 'Educational, social and emotional enrichment; summer credit recovery with a stipend.'),
  community(
    'Upon This Rock',
    'Extended hours: homework help and tutoring, health and wellness, arts, dance, outdoor activities and field trips.',
  ),
];

/** The Partners sheet as first written, header first. */
export function partnersSheetValues(partners: readonly Partner[] = SEED_PARTNERS): string[][] {
  return [[...PARTNER_HEADERS], ...partners.map((p) => [p.name, p.kind, p.offers, p.levels, p.contactEmail, p.active ? 'Yes' : 'No'])];
}

/** The Partners sheet as read, and what on it could not be read (each naming the sheet and its cell or header). */
export interface PartnersRead {
  partners: Partner[];
  /**
   * For the team to fix, as the panel lists Settings to fix: what the toolkit could not read, what
   * it does meanwhile and what to type.
   */
  problems: string[];
}

// "Active" as teams write it, compared without case or spaces ("Not active" is "notactive").
const ACTIVE_YES = new Set(['yes', 'y', 'true', '1', 'on', 'active', 'si', 'sí']);
const ACTIVE_NO = new Set(['no', 'n', 'false', '0', 'off', 'inactive', 'notactive']);

/**
 * An Active cell: true or false, or null when it is neither a yes nor a no ("Paused", "2023").
 * Blank is yes: a partner someone just typed in is usable at once. A checkbox gives true or false.
 */
function activeValue(v: unknown): boolean | null {
  if (v === true || v === false) return v;
  const t = (v === null || v === undefined ? '' : String(v)).toLowerCase().replace(/\s+/g, '');
  if (t === '' || ACTIVE_YES.has(t)) return true;
  if (ACTIVE_NO.has(t)) return false;
  return null;
}

/** A partner whose Active cell is neither a yes nor a no: its name, the cell ("F7") and what it says. */
interface UnclearActive {
  name: string;
  cell: string;
  value: string;
}

const seed = (): Partner[] => SEED_PARTNERS.map((p) => ({ ...p }));

/**
 * Read the Partners sheet (header first; columns found by header, in any case). Without a sheet,
 * or with nothing below its header, the toolkit's seed list applies. Once the team has a list it
 * is never replaced by the seed: what cannot be read is left out and said (`problems`), because a
 * referral list that quietly turns into the toolkit's would offer partners the district no
 * longer works with. Repeated names keep the first row.
 */
export function readPartnersSheet(values: readonly unknown[][]): PartnersRead {
  if (values.length === 0) return { partners: seed(), problems: [] };
  const header = values[0].map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  );
  const at = (h: string) => header.indexOf(h.toLowerCase());
  const col = Object.fromEntries(PARTNER_HEADERS.map((h) => [h, at(h)])) as Record<(typeof PARTNER_HEADERS)[number], number>;
  const text = (row: readonly unknown[], i: number) => (i >= 0 && row[i] !== null && row[i] !== undefined ? String(row[i]).trim() : '');
  const filled = (row: readonly unknown[]) => row.some((v) => v !== null && v !== undefined && String(v).trim() !== '');
  const rows = values.slice(1);
  if (!rows.some(filled)) return { partners: seed(), problems: [] };
  if (col.Partner < 0) {
    return {
      partners: [],
      problems: [
        `${PARTNERS_SHEET}: row 1 has no "Partner" header, so the district's partners cannot be read and the referral form lists none (the toolkit's own list is not put in their place). Type Partner back in row 1 above the partners' names. Updates to referrals already made can still be saved.`,
      ],
    };
  }
  const seen = new Set<string>();
  const out: Partner[] = [];
  const unnamed: number[] = [];
  const unclear: UnclearActive[] = [];
  rows.forEach((row, i) => {
    const name = text(row, col.Partner);
    if (!name) {
      if (filled(row)) unnamed.push(i + 2);
      return;
    }
    if (seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    let active = col.Active < 0 ? true : activeValue(row[col.Active]);
    if (active === null) {
      // Neither yes nor no: not offered, the safer reading (a referral must not go to a partner
      // the district may have stopped working with), and said, so a partner is not lost quietly.
      unclear.push({ name, cell: `${columnLetter(col.Active)}${i + 2}`, value: text(row, col.Active) });
      active = false;
    }
    out.push({
      name,
      kind: text(row, col.Kind),
      offers: text(row, col['What they offer']),
      levels: text(row, col['Toolkit levels']),
      contactEmail: text(row, col['Contact email']),
      active,
    });
  });
  return { partners: out, problems: partnersProblems(unclear, col.Active < 0, unnamed) };
}

/**
 * What readPartnersSheet says it could not read: partners whose Active is neither yes nor no, a
 * missing Active header, rows with no partner name (sheet rows, 1-based).
 */
function partnersProblems(unclear: readonly UnclearActive[], noActiveHeader: boolean, unnamed: readonly number[]): string[] {
  const problems: string[] = [];
  if (unclear.length === 1) {
    const u = unclear[0];
    problems.push(
      `${PARTNERS_SHEET}!${u.cell}: Active for ${u.name} says "${u.value}", which is neither Yes nor No. ${u.name} is not offered for referrals until it says Yes (or No, to keep it off the list).`,
    );
  } else if (unclear.length > 1) {
    problems.push(
      `${PARTNERS_SHEET}: Active says neither Yes nor No for ${unclear.length} partners: ${someNames(unclear.map((u) => `${u.name} (${u.cell}, "${u.value}")`))}. They are not offered for referrals until their Active says Yes (or No, to keep them off the list).`,
    );
  }
  if (noActiveHeader) {
    problems.push(
      `${PARTNERS_SHEET}: row 1 has no "Active" header, so every partner on the sheet is offered for referrals, even one marked No. Type Active back in row 1 above the Yes/No column.`,
    );
  }
  if (unnamed.length) {
    const many = unnamed.length > 1;
    problems.push(
      `${PARTNERS_SHEET}: ${many ? 'rows' : 'row'} ${someNames(unnamed.map(String))} ${many ? 'have' : 'has'} no name under "Partner" and ${many ? 'are' : 'is'} not offered for referrals. Type the partner's name in the Partner column.`,
    );
  }
  return problems;
}

/** The partners on the Partners sheet (see readPartnersSheet for what is left out and why). */
export function readPartners(values: readonly unknown[][]): Partner[] {
  return readPartnersSheet(values).partners;
}
