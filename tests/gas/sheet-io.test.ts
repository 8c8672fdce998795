import { literal } from '../../src/gas/sheet-io';

describe('text written by the toolkit is always literal', () => {
  test('words need no mark', () => {
    expect(literal('María Núñez')).toBe('María Núñez');
    expect(literal("O'Brien")).toBe("O'Brien");
    expect(literal('Oak Street School')).toBe('Oak Street School');
    expect(literal('Ζωή Παπαδοπούλου')).toBe('Ζωή Παπαδοπούλου');
    expect(literal('Анна Иванова')).toBe('Анна Иванова');
    expect(literal('Truett Falsetto')).toBe('Truett Falsetto');
  });

  test('anything Sheets could read as a formula, number, date or boolean gets the apostrophe', () => {
    for (const v of [
      '=1+1',
      '+1 555',
      '-cmd',
      '@x',
      "'quoted",
      '00123',
      '1/2/2026',
      '50%',
      '$5',
      'TRUE',
      'false',
      'a@b.org',
      '(203) 555-0100',
      '5',
      'Grade 5',
      '<b>x</b>',
      'True',
      'Ana\n=1+1',
      'Lee 😀',
    ]) {
      expect(literal(v)).toBe("'" + v);
    }
  });

  test('numbers, empty cells and null pass through as values', () => {
    expect(literal(5)).toBe(5);
    expect(literal('')).toBe('');
    expect(literal(null)).toBe('');
  });
});
