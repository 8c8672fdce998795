import { Cell, literal, literalTable, markLiteral } from '../../src/gas/sheet-io';

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

describe('columns formatted as plain text need the mark only where Sheets would still read it', () => {
  /** A one-column table marked as a plain-text candidate: the value written, and whether the column stays plain text. */
  const inTextColumn = (v: Cell) => {
    const table: Cell[][] = [[v]];
    const plain = markLiteral(table, [0]).length > 0;
    return { value: table[0][0], plain };
  };

  test('IDs, grades, phones, emails and dates go in as given', () => {
    for (const v of ['00123', '5', '+1 555', '-cmd', '@x', '1/2/2026', 'TRUE', 'a@b.org', '<b>x</b>', 'María Núñez']) {
      expect(inTextColumn(v)).toEqual({ value: v, plain: true });
    }
  });

  test('a column holding any text that starts with "=" or an apostrophe is not written as plain text, and its text gets the mark', () => {
    const rows = () => [
      ['Student ID', 'School', 'Tier', 'Days'],
      ['00123', '=HYPERLINK("http://x")', 'L2', 4],
      ['00124', 'Oak School', "'L3", null],
      [5, null, 'L1', 0],
    ];
    expect(markLiteral(rows(), [])).toEqual([]);
    const table: Cell[][] = rows();
    expect(markLiteral(table, [0, 1, 2])).toEqual([0]);
    expect(table[1][1]).toBe('\'=HYPERLINK("http://x")');
    expect(table[2][1]).toBe('Oak School');
    expect(table[2][2]).toBe("''L3");
    expect(table[1][2]).toBe("'L2");
    expect(table[1][0]).toBe('00123');
    expect(table[2][3]).toBe('');
    // Outside the candidates every text cell is marked, as literalTable marks a whole table.
    expect(literalTable(rows())[1][0]).toBe("'00123");
  });

  test('should such text reach a plain-text column anyway, it still gets the mark', () => {
    expect(inTextColumn('=1+1')).toEqual({ value: "'=1+1", plain: false });
    expect(inTextColumn("'quoted")).toEqual({ value: "''quoted", plain: false });
  });

  test('numbers, empty cells and null pass through as values', () => {
    expect(inTextColumn(5).value).toBe(5);
    expect(inTextColumn('').value).toBe('');
    expect(inTextColumn(null).value).toBe('');
  });
});
