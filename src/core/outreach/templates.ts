/**
 * The toolkit's default templates, in English and Spanish, and the Templates sheet that lists
 * the ones a team uses (Tier | Kind | Language | Doc ID).
 *
 * The wording follows what works (see /docs and the toolkit): the parent phone scripts of the
 * toolkit as call sheets (L2-L4); a short, positive Superintendent letter (L4) and letter of
 * attendance (L5, L6) that state the exact days missed and the school's typical count and offer
 * help (Rogers & Feller 2018; Robinson et al. 2018; Lasky-Fink et al. 2021: under 150 words,
 * about a 5th-grade reading level); an email per level. A test keeps every English template
 * under 150 words and at or below a 6th-grade reading level.
 */
import { OutreachKind, OUTREACH, TIER_IDS, TierId } from '../rules';

export type ParagraphStyle = 'title' | 'heading' | 'normal' | 'list' | 'note';

export interface TemplateParagraph {
  text: string;
  style?: ParagraphStyle;
}

export interface DefaultTemplate {
  tier: TierId;
  kind: OutreachKind;
  language: 'English' | 'Spanish';
  paragraphs: TemplateParagraph[];
}

export const DEFAULT_LANGUAGES = ['English', 'Spanish'] as const;

/** Languages named the way exports write them, folded to one name ("es", "Español", "SPANISH" -> spanish). */
const LANGUAGE_ALIASES: Record<string, string> = {
  en: 'english',
  eng: 'english',
  ingles: 'english',
  es: 'spanish',
  spa: 'spanish',
  sp: 'spanish',
  espanol: 'spanish',
  castellano: 'spanish',
};

export function normalizeLanguage(name: string): string {
  const folded = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
  return LANGUAGE_ALIASES[folded] ?? folded;
}

const p = (text: string, style: ParagraphStyle = 'normal'): TemplateParagraph => ({ text, style });

/**
 * A call sheet is read by staff: its headings and steps are in English whatever the family's
 * language; what to say is in the family's language, with the English beside it for a caller who
 * reads the script with an interpreter. The home language is on it, so an interpreter can be set up.
 */
function callSheet(tier: CallTier, language: 'English' | 'Spanish', after: string[]): DefaultTemplate {
  const [english, spanish] = SCRIPTS[tier];
  return {
    tier,
    kind: 'call-sheet',
    language,
    paragraphs: [
      p('Call sheet: {{Student name}}', 'title'),
      p('School: {{School}}. Grade: {{Grade}}. Level: {{Tier}}. Home language: {{Home language}}.'),
      p('Call: {{Guardian}}, {{Home phone}}.'),
      p('Days missed: {{Days absent}}. A typical student here missed {{School typical days absent}}.'),
      p(language === 'English' ? 'What to say' : 'What to say (in Spanish)', 'heading'),
      p(language === 'English' ? english : spanish),
      ...(language === 'English' ? [] : [p(`In English: ${english}`, 'note')]),
      p('After the call', 'heading'),
      ...after.map((a) => p(a, 'list')),
      p('Date of call: ______. What we heard: ______.'),
    ],
  };
}

const EN_AFTER = ['Write down why the child was out.', 'Write down the call in the Contacts log.', 'Ask if the family needs help.'];

type CallTier = 'L2' | 'L3' | 'L4' | 'L5' | 'L6';

/**
 * What the caller says at each level (English, then Spanish): the toolkit's "Potential Script" for
 * L2-L4, in plain words. The toolkit gives L5 and L6 a "Parent Link - Phone Call" with no script;
 * theirs are the toolkit's authors' own, for the district to approve.
 */
const SCRIPTS: Record<CallTier, [string, string]> = {
  L2: [
    '"Hello. We saw that {{First name}} was out of school for {{Days absent}} days. We are calling to check in. Is everything ok? Is there anything you need to get {{First name}} back to school?"',
    '"Hola. Vimos que {{First name}} faltó a la escuela {{Days absent}} días. Llamamos para saber cómo están. ¿Todo está bien? ¿Necesitan algo para que {{First name}} vuelva a la escuela?"',
  ],
  L3: [
    '"Hello. {{First name}} has missed {{Days absent}} days of school. We want to make sure all is ok. Missed days can hurt how {{First name}} does in class. We want to make a success plan with you, and we would like your ideas on how to help {{First name}}."',
    '"Hola. {{First name}} ha faltado {{Days absent}} días a la escuela. Queremos saber si todo está bien. Faltar puede afectar cómo le va en clase. Queremos hacer un plan de éxito con ustedes, y nos gustaría saber sus ideas para ayudar a {{First name}}."',
  ],
  L4: [
    '"Hello. {{First name}} has missed {{Days absent}} days of school. We would like to give {{First name}} a mentor from the community. A mentor can help in and out of school. Is there anything else you need to help {{First name}} come back?"',
    '"Hola. {{First name}} ha faltado {{Days absent}} días a la escuela. Queremos darle a {{First name}} un mentor de la comunidad. Un mentor ayuda dentro y fuera de la escuela. ¿Necesitan algo más para que {{First name}} regrese?"',
  ],
  L5: [
    '"Hello. {{First name}} has missed {{Days absent}} days of school, and we are worried. We are sending you a letter too. We want to meet with you and link your family with help, like a mentor or a home visit. What would help {{First name}} come back?"',
    '"Hola. {{First name}} ha faltado {{Days absent}} días a la escuela y nos preocupa. También le enviamos una carta. Queremos reunirnos con ustedes y conectar a su familia con ayuda, como un mentor o una visita a casa. ¿Qué ayudaría a que {{First name}} regrese?"',
  ],
  L6: [
    '"Hello. {{First name}} has missed {{Days absent}} days of school, and we are very worried. We want to meet with you soon. Our team and our partners will work with your family on a plan. When can we meet?"',
    '"Hola. {{First name}} ha faltado {{Days absent}} días a la escuela y estamos muy preocupados. Queremos reunirnos con ustedes pronto. Nuestro equipo y nuestros socios trabajarán con su familia en un plan. ¿Cuándo podemos reunirnos?"',
  ],
};

function letter(tier: TierId, kind: OutreachKind, language: 'English' | 'Spanish', middle: string[], signature: string[]): DefaultTemplate {
  const en = language === 'English';
  return {
    tier,
    kind,
    language,
    paragraphs: [
      p('{{School}}', 'heading'),
      p('{{Date}}'),
      p(en ? 'Dear {{Guardian}},' : 'Estimada familia de {{First name}}:'),
      p(
        en
          ? '{{First name}} has missed {{Days absent}} days of school this year. A typical student at {{School}} has missed {{School typical days absent}} days.'
          : '{{First name}} ha faltado {{Days absent}} días a la escuela este año. Un estudiante típico de {{School}} ha faltado {{School typical days absent}} días.',
      ),
      ...middle.map((t) => p(t)),
      // A paragraph of its own, dropped when empty (see LANGUAGE_HELP).
      ...(en ? [p('{{Language help}}')] : []),
      ...signature.map((t) => p(t)),
    ],
  };
}

function email(tier: TierId, language: 'English' | 'Spanish', subject: string, body: string[]): DefaultTemplate {
  return {
    tier,
    kind: 'email',
    language,
    paragraphs: [p(`${language === 'English' ? 'Subject' : 'Asunto'}: ${subject}`), ...body.map((t) => p(t))],
  };
}

const EN_HELP = 'We want to help. Please call or visit the school office, or just reply to this email. The number is {{School phone}}.';
const ES_HELP = 'Queremos ayudar. Llame o visite la oficina de la escuela, o responda a este correo. El número es {{School phone}}.';

export const DEFAULT_TEMPLATES: readonly DefaultTemplate[] = [
  ...(['English', 'Spanish'] as const).flatMap((language) => [
    callSheet('L2', language, EN_AFTER),
    callSheet('L3', language, [...EN_AFTER.slice(0, 2), 'Set up a success plan and a success mentor.']),
    callSheet('L4', language, [...EN_AFTER.slice(0, 2), "Send the mentor referral (NHPS/Governor's Partnership)."]),
    callSheet('L5', language, [...EN_AFTER.slice(0, 2), 'Refer to YouthConnect and to school and community supports; offer a home visit.']),
    callSheet('L6', language, [
      ...EN_AFTER.slice(0, 2),
      'Bring the case to the intra-agency review (drop-out prevention worker, YouthConnect Attendance Council).',
    ]),
  ]),
  letter(
    'L4',
    'superintendent-letter',
    'English',
    [
      'We miss {{First name}}. Every day counts, and missed days add up fast.',
      'We want to help. We would like to give {{First name}} a mentor from our community. A mentor can help in and out of school.',
      'Please call or visit the school office this week. The number is {{School phone}}. Tell us what makes it hard to get to school, and we will help.',
    ],
    ['Thank you for all you do.', '{{Superintendent}}'],
  ),
  letter(
    'L4',
    'superintendent-letter',
    'Spanish',
    [
      'Extrañamos a {{First name}}. Cada día cuenta, y las faltas se acumulan rápido.',
      'Queremos ayudar. Nos gustaría darle a {{First name}} un mentor de nuestra comunidad. Un mentor ayuda dentro y fuera de la escuela.',
      'Por favor, llame o visite la oficina de la escuela esta semana. El número es {{School phone}}. Díganos qué hace difícil llegar a la escuela, y le ayudaremos.',
    ],
    ['Gracias por todo lo que hace.', '{{Superintendent}}'],
  ),
  ...(['L5', 'L6'] as const).flatMap((tier) => [
    letter(
      tier,
      'attendance-letter',
      'English',
      [
        'We care about {{First name}}, and we want to help. Missing school makes it hard to keep up.',
        'Our team can link your family with help, like a mentor, a home visit, or a program after school.',
        tier === 'L6'
          ? 'Please call the school office this week. The number is {{School phone}}. We will meet with you and make a plan together.'
          : 'Please call the school office this week so we can make a plan together. The number is {{School phone}}.',
      ],
      ['Thank you,', '{{Attendance lead}}'],
    ),
    letter(
      tier,
      'attendance-letter',
      'Spanish',
      [
        'Nos importa {{First name}} y queremos ayudar. Cuando falta a la escuela, es difícil mantenerse al día.',
        'Nuestro equipo puede conectar a su familia con ayuda, como un mentor, una visita a casa o un programa después de la escuela.',
        tier === 'L6'
          ? 'Por favor, llame a la oficina de la escuela esta semana. El número es {{School phone}}. Nos reuniremos con usted y haremos un plan juntos.'
          : 'Por favor, llame a la oficina de la escuela esta semana para hacer un plan juntos. El número es {{School phone}}.',
      ],
      ['Gracias,', '{{Attendance lead}}'],
    ),
  ]),
  ...TIER_IDS.filter((t) => OUTREACH[t]?.email).flatMap((tier) => {
    const strong = tier === 'L5' || tier === 'L6' || tier === 'L4';
    return [
      email(tier, 'English', "{{First name}}'s attendance at {{School}}", [
        'Dear {{Guardian}},',
        '{{First name}} has missed {{Days absent}} days of school so far this year. A typical student at {{School}} has missed {{School typical days absent}} days.',
        strong
          ? 'We miss {{First name}} and we are worried. We can link your family with help, like a mentor or a home visit.'
          : 'We miss {{First name}}. Every day counts.',
        EN_HELP,
        '{{Language help}}',
        'Thank you,',
        '{{School}}',
      ]),
      email(tier, 'Spanish', 'La asistencia de {{First name}} en {{School}}', [
        'Estimada familia de {{First name}}:',
        '{{First name}} ha faltado {{Days absent}} días a la escuela este año. Un estudiante típico de {{School}} ha faltado {{School typical days absent}} días.',
        strong
          ? 'Extrañamos a {{First name}} y nos preocupa. Podemos conectar a su familia con ayuda, como un mentor o una visita a casa.'
          : 'Extrañamos a {{First name}} cuando falta. Cada día cuenta.',
        ES_HELP,
        'Gracias,',
        '{{School}}',
      ]),
    ];
  }),
];

/** A default template's plain text, paragraphs joined by newlines (as Body.getText returns a document's text). */
export function templateText(t: { paragraphs: readonly TemplateParagraph[] }): string {
  return t.paragraphs.map((x) => x.text).join('\n');
}

export function defaultTemplate(tier: TierId, kind: OutreachKind, language: string): DefaultTemplate | undefined {
  const lang = normalizeLanguage(language);
  return DEFAULT_TEMPLATES.find((t) => t.tier === tier && t.kind === kind && normalizeLanguage(t.language) === lang);
}

/** An email template's text: the first line is "Subject: ..." (or "Asunto: ..."), the rest is the body. */
export function splitEmailTemplate(text: string): { subject: string; body: string } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const m = first >= 0 ? /^\s*(subject|asunto|sujet|assunto)\s*:\s*(.*)$/i.exec(lines[first]) : null;
  if (!m) return { subject: '', body: text.trim() };
  return {
    subject: m[2].trim(),
    body: lines
      .slice(first + 1)
      .join('\n')
      .trim(),
  };
}

/** Email bodies from documents: paragraphs become paragraphs separated by a blank line. */
export function emailBodyFromParagraphs(body: string): string {
  return body
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The Templates sheet. */
export const TEMPLATES_SHEET = 'Templates';
export const TEMPLATE_HEADERS = ['Tier', 'Kind', 'Language', 'Doc ID', 'About'] as const;

export interface TemplateRow {
  tier: TierId;
  kind: OutreachKind;
  language: string;
  /** Empty: the toolkit's built-in wording. */
  docId: string;
  /** 1-based row on the Templates sheet, for messages. */
  row: number;
}

export interface TemplateSheetProblem {
  row: number;
  message: string;
}

function kindFromLabel(label: string): OutreachKind | null {
  const k = label.trim().toLowerCase();
  const all: OutreachKind[] = ['call-sheet', 'superintendent-letter', 'attendance-letter', 'email'];
  for (const kind of all) {
    if (kind === k || KIND_NAMES[kind].some((n) => n.toLowerCase() === k)) return kind;
  }
  return null;
}

/** Names a team may write in the Kind column. */
const KIND_NAMES: Record<OutreachKind, string[]> = {
  'call-sheet': ['Phone call sheet', 'Call sheet', 'Phone script'],
  'superintendent-letter': ['Superintendent letter', 'Letter from the Superintendent'],
  'attendance-letter': ['Letter of attendance', 'Attendance letter'],
  email: ['Email', 'Email draft', 'Gmail draft'],
  'follow-up': [],
};

/** Read the Templates sheet (header first). Rows that cannot be used are reported with their row number. */
export function readTemplateRows(values: readonly unknown[][]): { rows: TemplateRow[]; problems: TemplateSheetProblem[] } {
  const rows: TemplateRow[] = [];
  const problems: TemplateSheetProblem[] = [];
  if (values.length === 0) return { rows, problems };
  const header = values[0].map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  );
  const col = (name: string) => header.indexOf(name.toLowerCase());
  const [ti, ki, li, di] = [col('Tier'), col('Kind'), col('Language'), col('Doc ID')];
  if (ti < 0 || ki < 0 || li < 0 || di < 0) {
    problems.push({ row: 1, message: 'The Templates sheet needs the columns Tier, Kind, Language and Doc ID in its first row.' });
    return { rows, problems };
  }
  for (let r = 1; r < values.length; r++) {
    const cell = (c: number) => String(values[r][c] ?? '').trim();
    if (!cell(ti) && !cell(ki) && !cell(di)) continue;
    const tier = cell(ti).toUpperCase() as TierId;
    const kind = kindFromLabel(cell(ki));
    if (!(TIER_IDS as readonly string[]).includes(tier) || !OUTREACH[tier]) {
      problems.push({ row: r + 1, message: `Row ${r + 1}: "${cell(ti)}" is not a level that gets outreach (L2 to L6).` });
      continue;
    }
    if (!kind) {
      problems.push({
        row: r + 1,
        message: `Row ${r + 1}: "${cell(ki)}" is not a kind of template (Phone call sheet, Superintendent letter, Letter of attendance or Email).`,
      });
      continue;
    }
    // A Doc ID may be pasted as the document's address.
    const docId = /\/d\/([A-Za-z0-9_-]+)/.exec(cell(di))?.[1] ?? cell(di);
    rows.push({ tier, kind, language: cell(li) || 'English', docId, row: r + 1 });
  }
  return { rows, problems };
}

/** A default template's row on the Templates sheet, with the ID of its document. */
export function templateSheetRow(t: DefaultTemplate, docId: string): string[] {
  return [
    t.tier,
    KIND_NAMES[t.kind][0],
    t.language,
    docId,
    "The toolkit's wording. Edit the document, or put the ID of your own document here.",
  ];
}

/** The rows of a new Templates sheet: one per default template, with the IDs of the documents made for them. */
export function templateSheetValues(docIds: ReadonlyMap<DefaultTemplate, string>): string[][] {
  return [[...TEMPLATE_HEADERS], ...DEFAULT_TEMPLATES.map((t) => templateSheetRow(t, docIds.get(t) ?? ''))];
}

/** A template's level, kind and language as one key ("L5|call-sheet|english"). */
export function templateKey(t: { tier: TierId; kind: OutreachKind; language: string }): string {
  return `${t.tier}|${t.kind}|${normalizeLanguage(t.language)}`;
}

/**
 * The default templates Set up adds to an existing Templates sheet: those of a kind of outreach
 * new since the sheet was made (the L5 and L6 call sheets, for a sheet from before them). With
 * `offered`, the keys of the defaults Set up has already put on this sheet, that is every
 * default not offered yet and not on the sheet. Without it (a sheet made by an earlier version),
 * only the defaults of a level and kind with no row in any language: a template row the team
 * deleted (a language they do not use) is not added back, nor is one deleted after it was offered.
 */
export function newDefaultTemplates(rows: readonly TemplateRow[], offered: ReadonlySet<string> | null): DefaultTemplate[] {
  const listed = new Set(rows.map(templateKey));
  const kinds = new Set(rows.map((r) => `${r.tier}|${r.kind}`));
  return DEFAULT_TEMPLATES.filter((t) =>
    offered ? !offered.has(templateKey(t)) && !listed.has(templateKey(t)) : !kinds.has(`${t.tier}|${t.kind}`),
  );
}

/**
 * The default templates whose wording gained a sentence since earlier versions made their
 * documents: the letters and emails give the school's phone ("The number is {{School phone}}.").
 * A document made before lacks it; Set up names those documents and never rewrites them.
 */
export function lacksSchoolPhone(row: { tier: TierId; kind: OutreachKind; language: string }, documentText: string): boolean {
  const spec = defaultTemplate(row.tier, row.kind, row.language);
  const has = (text: string) => /\{\{\s*school[\s_]+phone\s*\}\}/i.test(text);
  return !!spec && has(templateText(spec)) && !has(documentText);
}

/** The rows the toolkit uses when there is no Templates sheet yet: its own wording. */
export function builtInTemplateRows(): TemplateRow[] {
  return DEFAULT_TEMPLATES.map((t, i) => ({ tier: t.tier, kind: t.kind, language: t.language, docId: '', row: i + 2 }));
}

/** A document's name for a default template. */
export function templateDocName(t: DefaultTemplate): string {
  return `Template - ${t.tier} ${KIND_NAMES[t.kind][0]} - ${t.language}`;
}
