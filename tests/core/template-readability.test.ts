/**
 * Research the toolkit's users can trust: short, plain notices work better (Lasky-Fink et al. 2021:
 * under 150 words, about a 5th-grade reading level). Every English default template stays under
 * 150 words and at or below a 6th-grade Flesch-Kincaid level, with placeholders filled in.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fieldKey, makeFields, mergeText } from '../../src/core/outreach/merge';
import { DEFAULT_TEMPLATES, templateText } from '../../src/core/outreach/templates';

const SAMPLE = makeFields({
  'Student name': 'Ana Rivera',
  'First name': 'Ana',
  School: 'Oak Street School',
  Grade: '5',
  Tier: 'L3',
  Guardian: 'Maria Rivera',
  'Home phone': '(203) 555-0100',
  'Days absent': '8',
  'School typical days absent': '3',
  Date: 'November 23, 2026',
  'Attendance lead': 'Ms. Lee',
  Superintendent: 'Dr. Jane Smith',
});

const english = DEFAULT_TEMPLATES.filter((t) => t.language === 'English');
const texts = english.map((t) => mergeText(templateText(t), SAMPLE));
// At a school too small to show its typical count, the sentence that gives it is left out.
const small = english.map((t) => mergeText(templateText(t), { ...SAMPLE, [fieldKey('School typical days absent')]: '' }));
const measure = (xs: string[]): { words: number; grade: number }[] =>
  JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, '../support/readability.mjs')], { input: JSON.stringify(xs), encoding: 'utf8' }),
  );
const results = measure(texts);
const smallResults = measure(small);

describe.each(english.map((t, i) => [`${t.tier} ${t.kind}`, i] as const))('the English %s template', (_name, i) => {
  test('is under 150 words', () => {
    expect(results[i].words).toBeLessThan(150);
  });
  test('reads at or below a 6th-grade level (Flesch-Kincaid)', () => {
    expect(results[i].grade).toBeLessThanOrEqual(6);
  });
  test("states the exact days missed and the school's typical count", () => {
    expect(texts[i]).toContain('8');
    if (english[i].kind !== 'call-sheet') expect(texts[i]).toMatch(/typical student/);
  });
  test('at a school too small for the comparison, still reads as plainly, with the days missed and no comparison', () => {
    expect(smallResults[i].words).toBeLessThan(150);
    expect(smallResults[i].grade).toBeLessThanOrEqual(6);
    expect(small[i]).toContain('8');
    expect(small[i]).not.toMatch(/typical/i);
  });
});

test('every English template has a Spanish one', () => {
  for (const t of english) {
    expect(DEFAULT_TEMPLATES.some((s) => s.language === 'Spanish' && s.tier === t.tier && s.kind === t.kind)).toBe(true);
  }
});
