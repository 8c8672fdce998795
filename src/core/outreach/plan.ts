/**
 * Planning an outreach job: which student gets which letter, draft and follow-up, from the
 * toolkit's rules (OUTREACH in rules.ts), the Templates sheet, the Settings sheet and the
 * Outreach log. Pure: the same plan is computed for the preview and for the job, so what the
 * preview counts is exactly what the job makes.
 *
 * Never twice: every item has a key (school year, student, tier, kind). An item whose key is in
 * the Outreach log is not planned again, so re-running for the same import and tier makes
 * nothing; a student who moves up a tier has new keys and gets the new tier's outreach.
 *
 * Never milder after sterner: a student whose level is lower than one they already had outreach
 * at this school year (days absent only grow, so a later export corrected the data) gets nothing
 * new at the lower level (see highestLevelMade); back up at a level not done yet, they get its outreach.
 */
import { ROSTER_COLUMNS } from '../roster';
import { KIND_LABELS, LetterKind, LETTER_KINDS, OutreachKind, TIER_IDS, TierId, tierRule } from '../rules';
import { DEFAULT_SETTINGS, findSchool, OutreachOptions, Settings } from '../settings';
import { Student } from '../student';
import { orWords, plural, someNames } from '../words';
import { checkGuardianEmail, emailDomain, isValidEmail } from './email';
import { Fields, makeFields } from './merge';
import { normalizeLanguage, TemplateRow } from './templates';

export interface OutreachFilters {
  /** School names to include; missing (or null): every school; empty: none. */
  schools?: string[] | null;
  /** Tiers to include; missing (or null): L2 to L6; empty: none. */
  tiers?: TierId[] | null;
}

export type SkipReason = 'no-email' | 'invalid-email' | 'already-contacted' | 'had-higher-level';

export const SKIP_LABELS: Record<SkipReason, string> = {
  'no-email': 'No guardian email: call or mail instead',
  'invalid-email': 'Guardian email is not a valid address: call or mail instead',
  'already-contacted': 'Already contacted for this tier',
  'had-higher-level': higherLevelLabel([]),
};

/**
 * Why a student gets nothing at their level (had-higher-level): the levels they already had
 * outreach at this school year ("L3", "L3 or L4"), never who they are.
 */
function higherLevelLabel(levels: readonly TierId[]): string {
  return `Already had ${higherOutreach(levels)} this school year, above their level now: nothing milder after it`;
}

/**
 * What the job says when it is done about the students the plan skipped so: a count and the
 * levels, never a student (the job's record is kept in the document properties). '' for none.
 */
export function higherLevelNote(count: number, levels: readonly TierId[]): string {
  if (count === 0) return '';
  return (
    `${plural(count, 'student')} got nothing new: they already had ${higherOutreach(levels)} this school year, above their level now ` +
    `(a milder letter after a sterner one would confuse the family).`
  );
}

/** "L3 outreach", "L3 or L4 outreach"; "outreach at a higher level" when the levels are not known. */
function higherOutreach(levels: readonly TierId[]): string {
  return levels.length ? `${orWords(levels)} outreach` : 'outreach at a higher level';
}

/** One thing to make (one row of the Outreach log once made). */
export interface PlanItem {
  key: string;
  kind: OutreachKind;
  /** Items made together: a letters document ("call-sheet|School"), a follow-up event ("follow-up|owner|due"), or the item alone. */
  group: string;
  studentId: string;
  studentName: string;
  tier: TierId;
  school: string;
  /** Language of the template used. */
  language: string;
  /** Template document; empty for the toolkit's built-in wording. */
  templateId: string;
  /** Case owner (follow-ups), empty otherwise. */
  owner: string;
  /** yyyy-mm-dd (follow-ups), empty otherwise. */
  due: string;
  /** Guardian addresses (drafts). */
  to: string[];
  /** Merge fields, by canonical name. */
  fields: Fields;
}

export interface PlanInput {
  students: readonly Student[];
  settings: Settings;
  options: OutreachOptions;
  templates: readonly TemplateRow[];
  /** Keys already in the Outreach log. */
  done: ReadonlySet<string>;
  filters?: OutreachFilters;
  /** The local date of the run, yyyy-mm-dd. */
  today: string;
  /** Who runs it (default case owner; their domain is a staff domain, see staffDomains). */
  runner: string;
}

export interface PreviewCounts {
  students: number;
  letters: { kind: LetterKind; label: string; total: number; bySchool: { school: string; count: number }[] }[];
  documents: number;
  drafts: number;
  events: number;
  followUps: number;
  skipped: { reason: SkipReason; label: string; count: number }[];
  skippedTotal: number;
  /** Home languages without a template of their own: their families get English. */
  languages: { language: string; students: number; uses: string }[];
}

export interface NoEmailRow {
  studentId: string;
  studentName: string;
  school: string;
  tier: TierId;
  guardian: string;
  homePhone: string;
  email: string;
  /** No address; not a valid address; or Gmail refused to make the draft (found while the job runs). */
  reason: 'no-email' | 'invalid-email' | 'refused';
  /** Gmail's words, for 'refused'. */
  detail?: string;
}

export interface Plan {
  items: PlanItem[];
  counts: PreviewCounts;
  /** Students in scope the toolkit cannot email: for a phone call or a letter by mail instead. */
  noEmail: NoEmailRow[];
  /** Problems that stop the job (a missing template). */
  problems: string[];
  /** Case owners of this plan's follow-ups who are not invited (outsideCaseOwner), sorted. */
  outsideOwners: string[];
  /** The higher levels of the students skipped as had-higher-level (their outreach this school year), sorted. */
  higherLevels: TierId[];
}

/** The key that makes an item unique: school year, student, tier, kind. */
export function itemKey(yearStart: string, studentId: string, tier: TierId, kind: OutreachKind): string {
  return [yearStart, encodeURIComponent(studentId), tier, kind].join('|');
}

/** yyyy-mm-dd plus days, moved to Monday when it falls on a weekend. */
export function dueDate(today: string, days: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  const wd = t.getUTCDay();
  if (wd === 6) t.setUTCDate(t.getUTCDate() + 2);
  if (wd === 0) t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

const MONTHS: Record<string, string[]> = {
  english: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  spanish: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};

export function longDate(iso: string, language: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  if (normalizeLanguage(language) === 'spanish') return `${d} de ${MONTHS.spanish[m - 1]} de ${y}`;
  return `${MONTHS.english[m - 1]} ${d}, ${y}`;
}

function numberText(n: number | null, language: string): string {
  if (n === null) return '';
  const t = String(Math.round(n * 10) / 10);
  return normalizeLanguage(language) === 'spanish' ? t.replace('.', ',') : t;
}

/**
 * The school's typical days absent: the median over its students with an absence figure, or
 * nothing for a school with fewer such students than `smallest` (Settings: "Smallest group shown
 * in reports"). A median of a handful of children tells a parent about the others (at a school of
 * two, the other child's absences exactly), so such a school gets no comparison, and the letters
 * leave out the sentence that would give it (see SENTENCE_FIELDS in merge.ts).
 */
export function typicalDaysAbsent(students: readonly Student[], smallest = 1): Map<string, number> {
  const bySchool = new Map<string, number[]>();
  for (const s of students) {
    if (s.daysAbsent === null || !((s.daysEnrolled ?? 0) > 0)) continue;
    const list = bySchool.get(s.school) ?? [];
    list.push(s.daysAbsent);
    bySchool.set(s.school, list);
  }
  const out = new Map<string, number>();
  for (const [school, xs] of bySchool) {
    if (xs.length < smallest) continue;
    xs.sort((a, b) => a - b);
    const mid = Math.floor(xs.length / 2);
    out.set(school, xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2);
  }
  return out;
}

/** Placeholder names a template may use: every roster column and the toolkit's own. */
export const EXTRA_FIELDS = [
  'School typical days absent',
  'Date',
  'Attendance lead',
  'Superintendent',
  'Reference',
  'Language help',
  'School phone',
] as const;

/** Said in an English letter to a family whose home language is another one the toolkit has no template in. */
export const LANGUAGE_HELP = 'If you would like to talk with us in your own language, tell us. We will find someone to help. It is free.';

/** What exports write in a home-language column that is not a language (or includes English). */
const NOT_A_LANGUAGE = new Set([
  '',
  'unknown',
  'other',
  'none',
  'n/a',
  'na',
  'not reported',
  'not specified',
  'declined',
  'declined to state',
  'refused',
]);

/** A home language other than English: a family who may need help in it. */
function isAnotherLanguage(home: string): boolean {
  const h = normalizeLanguage(home);
  return !NOT_A_LANGUAGE.has(h) && !h.includes('english');
}

/** The default signature of the Superintendent letter, in Spanish when the district left the toolkit's (English) default. */
const SUPERINTENDENT_ES = 'El Superintendente de Escuelas';
export const FIELD_NAMES: readonly string[] = [...ROSTER_COLUMNS.map((c) => c.header), ...EXTRA_FIELDS];

/** Merge fields for one student, in the language of the template. */
export function studentFields(
  s: Student,
  ctx: {
    language: string;
    typical: number | undefined;
    today: string;
    lead: string;
    /** The school's office phone (Settings); its sentence is left out without one. */
    phone?: string;
    /** What the fields are for: a call sheet (for staff) says when there is no home phone. */
    kind?: OutreachKind;
    superintendent: string;
    reference: string;
  },
): Fields {
  const spanish = normalizeLanguage(ctx.language) === 'spanish';
  const values: Record<string, string> = {};
  for (const c of ROSTER_COLUMNS) {
    const v = c.get(s);
    if (c.kind === 'yesno') values[c.header] = v ? 'Yes' : 'No';
    else if (c.kind === 'percent') values[c.header] = typeof v === 'number' ? `${numberText(v * 100, ctx.language)}%` : '';
    else if (c.kind === 'number') values[c.header] = typeof v === 'number' ? numberText(v, ctx.language) : '';
    else values[c.header] = v === null || v === undefined ? '' : String(v);
  }
  const first = s.firstName || s.name;
  if (!s.guardian.trim()) values['Guardian'] = spanish ? `Familia de ${first}` : `Parent or guardian of ${first}`;
  // Said on the staff's call sheet, not left blank: "Call: Maria Rivera, ." would read as a misprint.
  if (ctx.kind === 'call-sheet' && !values['Home phone'].trim()) values['Home phone'] = 'no phone number on file';
  // The comparison is said only to a family whose child missed more than a typical classmate, in
  // whole days: told their child missed fewer, a family can take it as leave to miss more (the
  // research letters compare with classmates to show a family it is underestimating absences).
  const typical = ctx.typical === undefined ? null : Math.round(ctx.typical);
  values['School typical days absent'] =
    typical !== null && s.daysAbsent !== null && s.daysAbsent > typical ? numberText(typical, ctx.language) : '';
  values['Date'] = longDate(ctx.today, ctx.language);
  // Letters are signed by the school's attendance team; Settings knows the lead only by email,
  // which a family can use to write back, so it follows the team's name rather than signing alone.
  const team = spanish ? `El equipo de asistencia de ${s.school}` : `The attendance team at ${s.school}`;
  values['Attendance lead'] = ctx.lead ? `${team} (${ctx.lead})` : team;
  values['Superintendent'] =
    spanish && ctx.superintendent.trim() === DEFAULT_SETTINGS.outreach.superintendent ? SUPERINTENDENT_ES : ctx.superintendent;
  values['Language help'] = normalizeLanguage(ctx.language) === 'english' && isAnotherLanguage(s.homeLanguage ?? '') ? LANGUAGE_HELP : '';
  values['Reference'] = ctx.reference;
  values['School phone'] = (ctx.phone ?? '').trim();
  if (!values['First name']) values['First name'] = first;
  const fields = makeFields(values);
  // Not a placeholder: the guardian's name for the email's To line (empty when unknown).
  fields['to name'] = s.guardian.trim();
  return fields;
}

function chooseTemplate(templates: readonly TemplateRow[], tier: TierId, kind: OutreachKind, home: string): TemplateRow | undefined {
  const rows = templates.filter((t) => t.tier === tier && t.kind === kind);
  const lang = normalizeLanguage(home || 'English');
  return rows.find((t) => normalizeLanguage(t.language) === lang) ?? rows.find((t) => normalizeLanguage(t.language) === 'english');
}

const DOC_TITLES: Record<LetterKind, string> = {
  'call-sheet': 'Phone call sheets',
  'superintendent-letter': 'Superintendent letters',
  'attendance-letter': 'Letters of attendance',
};

/** The name of a merged document: one per school and letter kind per run, or one per student. */
export function documentName(
  item: Pick<PlanItem, 'kind' | 'school' | 'studentName' | 'studentId'>,
  runDate: string,
  perStudent: boolean,
): string {
  const kind = item.kind as LetterKind;
  if (perStudent) return `${KIND_LABELS[kind]} - ${item.studentName} (${item.studentId}) - ${runDate}`;
  return `${DOC_TITLES[kind]} - ${item.school} - ${runDate}`;
}

/**
 * The district's staff domains: those of the staff addresses the toolkit knows, the Settings
 * sheet's attendance leads and principals, and the person running outreach (when Google gives
 * their email). A follow-up invites a Case owner only at one of them.
 */
function staffDomains(settings: Settings, runner: string): Set<string> {
  const addresses = [...settings.schools.flatMap((s) => [s.attendanceLead, s.principal]), runner.trim()];
  return new Set(
    addresses
      .filter(isValidEmail)
      .map(emailDomain)
      .filter((d) => !PUBLIC_MAIL.has(d)),
  );
}

/**
 * Public mail services: one principal listed by a personal address must not make every address
 * there (any parent's) a staff address.
 */
const PUBLIC_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'ymail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'mail.com',
  'comcast.net',
  'att.net',
  'verizon.net',
  'sbcglobal.net',
]);

/**
 * A Case owner the toolkit does not invite: a valid address, but at none of the staff domains
 * (a typo such as jsmith@gmial.com, or a parent's email in the column): an invitation would send
 * students' names, IDs and days missed outside the district. '' for any other Case owner.
 */
function outsideCaseOwner(s: Student, domains: ReadonlySet<string>): string {
  const own = s.caseOwner.trim().toLowerCase();
  return isValidEmail(own) && !domains.has(emailDomain(own)) ? own : '';
}

/**
 * What outreach says about the Case owners it does not invite (outsideCaseOwner): their addresses,
 * never their students, so the team can correct the Case owner column or the Settings sheet.
 */
export function outsideOwnersNote(addresses: readonly string[]): string {
  if (addresses.length === 0) return '';
  const one = addresses.length === 1;
  return (
    `${one ? 'The Case owner' : 'The Case owners'} ${someNames(addresses, 10)} ${one ? 'is' : 'are'} not invited to Calendar follow-ups: ` +
    `no attendance lead or principal on the Settings sheet, nor you, has an address at ${one ? 'that domain' : 'their domains'} (a public mail service such as gmail.com never counts). ` +
    `Their students are on the follow-up of their school's attendance lead instead (yours where Settings names none). ` +
    `If ${one ? 'it is' : 'one is'} a colleague's address, correct the Case owner column in the export; if ${one ? 'its' : 'the'} domain is the district's, ` +
    `give a school on the Settings sheet a lead or principal with an address there.`
  );
}

/**
 * What the preview says of a home language with no template of its own (PreviewCounts.languages).
 * It counts students, not families: siblings are one family but two students, each with their own
 * letters and draft.
 */
export function languageNote(l: { language: string; students: number; uses: string }): string {
  return `The outreach for ${plural(l.students, 'student')} with home language ${l.language} is in ${l.uses}: there is no ${l.language} template.`;
}

/**
 * The owner of a student's case: a Case owner with an email address at a staff domain (see
 * outsideCaseOwner), else the school's attendance lead, else the person running it.
 */
export function caseOwner(s: Student, settings: Settings, runner: string, domains = staffDomains(settings, runner)): string {
  const own = s.caseOwner.trim().toLowerCase();
  if (isValidEmail(own) && !outsideCaseOwner(s, domains)) return own;
  const lead = findSchool(settings, s.school, s.schoolId)?.attendanceLead ?? '';
  if (lead) return lead;
  // The runner may be known only by an anonymous key (Google hid their email): no one to invite, the event is theirs.
  const me = runner.trim().toLowerCase();
  return isValidEmail(me) ? me : '';
}

/**
 * A record key with its school year in place of the exact start day: a start corrected on the
 * Settings sheet during the year (2026-08-27 to 2026-08-24) is the same school year, and what was
 * made under the first day must not be made again. A school year starts between June and May.
 */
export function sameYearKey(key: string): string {
  const bar = key.indexOf('|');
  const day = key.slice(0, bar);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return key;
  const year = Number(day.slice(0, 4));
  return `${Number(day.slice(5, 7)) >= 6 ? year : year - 1}${key.slice(bar)}`;
}

/**
 * The highest level each student had any outreach made at (a letter, draft or follow-up in the
 * Outreach log) in the school year of `yearStart`, by the student ID as the key holds it.
 */
export function highestLevelMade(done: Iterable<string>, yearStart: string): Map<string, TierId> {
  const year = sameYearKey(`${yearStart}|`).slice(0, -1);
  const highest = new Map<string, TierId>();
  for (const key of done) {
    const [y, id, tier] = sameYearKey(key).split('|');
    if (y !== year || !id || !(TIER_IDS as readonly string[]).includes(tier)) continue;
    const had = highest.get(id);
    if (!had || TIER_IDS.indexOf(tier as TierId) > TIER_IDS.indexOf(had)) highest.set(id, tier as TierId);
  }
  return highest;
}

export function planOutreach(input: PlanInput): Plan {
  const { settings, options, today } = input;
  const made = new Set([...input.done].map(sameYearKey));
  const done = { has: (key: string) => made.has(sameYearKey(key)) };
  const yearStart = settings.schoolYearStart;
  const highest = highestLevelMade(made, yearStart);
  const higherLevels = new Set<TierId>();
  // A list, even an empty one, is the user's choice: nothing ticked means nothing, never everything.
  const chosenSchools = input.filters?.schools;
  const chosenTiers = input.filters?.tiers;
  const schools = Array.isArray(chosenSchools) ? new Set(chosenSchools) : null;
  const tiers = Array.isArray(chosenTiers) ? new Set(chosenTiers) : null;
  const typical = typicalDaysAbsent(input.students, settings.smallGroupSize);
  const domains = staffDomains(settings, input.runner);
  const outsideOwners = new Set<string>();

  const items: PlanItem[] = [];
  const noEmail: NoEmailRow[] = [];
  const problems = new Set<string>();
  if (tiers?.size === 0) problems.add('No tier is ticked, so nothing would be made. Tick the tiers to include and update the preview.');
  if (schools?.size === 0)
    problems.add('No school is ticked, so nothing would be made. Tick the schools to include and update the preview.');
  const skipped: Record<SkipReason, number> = { 'no-email': 0, 'invalid-email': 0, 'already-contacted': 0, 'had-higher-level': 0 };
  const languages = new Map<string, { students: number; uses: string }>();
  let students = 0;

  input.students.forEach((s) => {
    // The district's choice for the level (Settings), the toolkit's by default.
    const rule = s.tier ? settings.outreachByTier[s.tier] : null;
    if (!s.tier || !rule || (rule.letters.length === 0 && !rule.email && rule.followUpDays === null)) return;
    if (schools && !schools.has(s.school)) return;
    if (tiers && !tiers.has(s.tier)) return;
    students++;
    const tier = s.tier;
    // Outreach made at a higher level this school year: nothing milder after it (not even a phone or mail listing).
    const had = highest.get(encodeURIComponent(s.id));
    if (had && TIER_IDS.indexOf(had) > TIER_IDS.indexOf(tier)) {
      skipped['had-higher-level']++;
      higherLevels.add(had);
      return;
    }
    const school = findSchool(settings, s.school, s.schoolId);
    const lead = school?.attendanceLead ?? '';
    const phone = school?.officePhone ?? '';
    const home = s.homeLanguage.trim() || 'English';
    const made: PlanItem[] = [];
    const base = (kind: OutreachKind, template?: TemplateRow): PlanItem => {
      const language = template?.language ?? 'English';
      const key = itemKey(yearStart, s.id, tier, kind);
      return {
        key,
        kind,
        group: key,
        studentId: s.id,
        studentName: s.name,
        tier,
        school: s.school,
        language,
        templateId: template?.docId ?? '',
        owner: '',
        due: '',
        to: [],
        fields: studentFields(s, {
          language,
          typical: typical.get(s.school),
          today,
          lead,
          phone,
          kind,
          superintendent: options.superintendent,
          reference: `${s.id} ${tier} ${today}`,
        }),
      };
    };
    const wantTemplate = (kind: OutreachKind): TemplateRow | undefined => {
      const t = chooseTemplate(input.templates, tier, kind, home);
      if (!t) problems.add(`There is no ${KIND_LABELS[kind]} template for ${tier} in English on the Templates sheet.`);
      else if (normalizeLanguage(t.language) !== normalizeLanguage(home)) {
        const l = languages.get(home) ?? { students: 0, uses: t.language };
        languages.set(home, l);
      }
      return t;
    };

    let pendingForStudent = 0;
    let doneForStudent = 0;
    if (options.followUps && rule.followUpDays !== null) {
      const key = itemKey(yearStart, s.id, tier, 'follow-up');
      if (done.has(key)) doneForStudent++;
      else {
        const owner = caseOwner(s, settings, input.runner, domains);
        const outside = outsideCaseOwner(s, domains);
        if (outside) outsideOwners.add(outside);
        const due = dueDate(today, rule.followUpDays);
        const item = base('follow-up');
        item.owner = owner;
        item.due = due;
        item.group = `follow-up|${owner}|${due}`;
        made.push(item);
        pendingForStudent++;
      }
    }
    if (options.letters) {
      for (const kind of rule.letters) {
        const key = itemKey(yearStart, s.id, tier, kind);
        if (done.has(key)) {
          doneForStudent++;
          continue;
        }
        const t = wantTemplate(kind);
        if (!t) continue;
        const item = base(kind, t);
        item.group = options.perStudentFiles ? key : `${kind}|${s.school}`;
        made.push(item);
        pendingForStudent++;
      }
    }
    let emailSkip: 'no-email' | 'invalid-email' | null = null;
    if (options.drafts && rule.email) {
      const key = itemKey(yearStart, s.id, tier, 'email');
      if (done.has(key)) doneForStudent++;
      else {
        const check = checkGuardianEmail(s.guardianEmail);
        if (!check.ok) {
          emailSkip = check.reason;
          noEmail.push({
            studentId: s.id,
            studentName: s.name,
            school: s.school,
            tier,
            guardian: s.guardian,
            homePhone: s.homePhone,
            email: s.guardianEmail,
            reason: check.reason,
          });
        } else {
          const t = wantTemplate('email');
          if (t) {
            const item = base('email', t);
            item.to = check.addresses;
            made.push(item);
            pendingForStudent++;
          }
        }
      }
    }
    if (pendingForStudent === 0 && doneForStudent > 0) skipped['already-contacted']++;
    else if (emailSkip) skipped[emailSkip]++;
    if (pendingForStudent > 0 && made.some((m) => m.kind !== 'follow-up' && normalizeLanguage(m.language) !== normalizeLanguage(home))) {
      const l = languages.get(home);
      if (l) l.students++;
    }
    items.push(...made);
  });

  // Order: follow-ups (few events), then letters document by document, then drafts.
  const order = (k: OutreachKind) => ['follow-up', ...LETTER_KINDS, 'email'].indexOf(k);
  items.sort(
    (a, b) =>
      order(a.kind) - order(b.kind) ||
      (a.kind === 'follow-up' ? a.group.localeCompare(b.group) : 0) ||
      a.school.localeCompare(b.school) ||
      a.tier.localeCompare(b.tier) ||
      a.studentName.localeCompare(b.studentName) ||
      a.studentId.localeCompare(b.studentId),
  );

  const letters = LETTER_KINDS.map((kind) => {
    const bySchool = new Map<string, number>();
    for (const it of items) if (it.kind === kind) bySchool.set(it.school, (bySchool.get(it.school) ?? 0) + 1);
    return {
      kind,
      label: KIND_LABELS[kind],
      total: [...bySchool.values()].reduce((a, b) => a + b, 0),
      bySchool: [...bySchool].sort((a, b) => a[0].localeCompare(b[0])).map(([school, count]) => ({ school, count })),
    };
  });
  const groups = (pred: (it: PlanItem) => boolean) => new Set(items.filter(pred).map((it) => it.group)).size;
  const counts: PreviewCounts = {
    students,
    letters,
    documents: groups((it) => (LETTER_KINDS as readonly string[]).includes(it.kind)),
    drafts: items.filter((it) => it.kind === 'email').length,
    events: groups((it) => it.kind === 'follow-up'),
    followUps: items.filter((it) => it.kind === 'follow-up').length,
    skipped: (Object.keys(skipped) as SkipReason[]).map((reason) => ({
      reason,
      label: reason === 'had-higher-level' ? higherLevelLabel([...higherLevels].sort()) : SKIP_LABELS[reason],
      count: skipped[reason],
    })),
    skippedTotal: Object.values(skipped).reduce((a, b) => a + b, 0),
    languages: [...languages]
      .filter(([, v]) => v.students > 0)
      .sort((a, b) => b[1].students - a[1].students)
      .map(([language, v]) => ({ language, students: v.students, uses: v.uses })),
  };
  return {
    items,
    counts,
    noEmail,
    problems: [...problems],
    outsideOwners: [...outsideOwners].sort(),
    higherLevels: [...higherLevels].sort(),
  };
}

/** Tier name for people, e.g. "L4 Serious". */
export function tierLabel(tier: TierId): string {
  return `${tier} ${tierRule(tier).name}`;
}
