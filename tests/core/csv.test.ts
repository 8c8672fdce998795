import { detectDelimiter, detectLineBreak, FileProblem, parseCsv } from '../../src/core/csv';

describe('reading the text of an export', () => {
  test('a UTF-8 byte-order mark is not part of the first header', () => {
    const t = parseCsv('\uFEFFStudent_Number,Days_Absent\n1,2\n');
    expect(t.header).toEqual(['Student_Number', 'Days_Absent']);
  });

  test('CRLF and LF line endings read the same', () => {
    const crlf = parseCsv('a,b\r\n1,2\r\n3,4\r\n');
    const lf = parseCsv('a,b\n1,2\n3,4\n');
    expect(crlf.rows).toEqual(lf.rows);
    expect(crlf.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  test('quoted fields keep their commas, doubled quotes and line breaks', () => {
    const t = parseCsv('name,note\n"Núñez, María","She said ""hi""\nthen left"\n');
    expect(t.rows[0]).toEqual(['Núñez, María', 'She said "hi"\nthen left']);
  });

  test('blank lines are skipped and every row keeps its line number in the file', () => {
    const text = 'id,note\n\n1,"two\nlines"\n\n2,x\n,,\n3,y\n';
    const t = parseCsv(text);
    expect(t.rows.map((r) => r[0])).toEqual(['1', '2', '3']);
    // Line 1 header, 2 blank, 3-4 the two-line row, 5 blank, 6 row 2, 7 commas only, 8 row 3.
    expect(t.lines).toEqual([3, 6, 8]);
  });

  test('the line break is read off the header line, outside quotes', () => {
    expect(detectLineBreak('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(detectLineBreak('a,b\n1,2\r\n')).toBe('\n');
    expect(detectLineBreak('a,b\r1,2\r')).toBe('\r');
    expect(detectLineBreak('"a\nb",c\r\n1,2')).toBe('\r\n');
    expect(detectLineBreak('a,b')).toBe('\n');
  });

  test('an old Mac file (CR only) reads like any other, with its line numbers', () => {
    const t = parseCsv('id,note\r1,x\r\r2,"a\rb"\r3,y\r');
    expect(t.rows).toEqual([
      ['1', 'x'],
      ['2', 'a\rb'],
      ['3', 'y'],
    ]);
    expect(t.lines).toEqual([2, 4, 6]);
  });

  test('every row after several multi-line values keeps its line number, CRLF values too', () => {
    const text = 'id,note\r\n1,"a\r\nb"\r\n2,x\r\n3,"c\r\nd\r\ne"\r\n4,y\r\n5,z\r\n';
    // Lines: 1 header, 2-3 row 1, 4 row 2, 5-7 row 3, 8 row 4, 9 row 5.
    expect(parseCsv(text).lines).toEqual([2, 4, 5, 8, 9]);
  });

  test('a header after leading blank lines is still found, and line numbers count them', () => {
    const t = parseCsv('\n\nid,x\n1,2\n');
    expect(t.header).toEqual(['id', 'x']);
    expect(t.lines).toEqual([4]);
  });

  test('PowerSchool tab-separated exports and semicolon files are read too', () => {
    expect(detectDelimiter('Student_Number\tLastFirst\n1\t"A, B"')).toBe('\t');
    expect(detectDelimiter('id;name;grade\n')).toBe(';');
    expect(parseCsv('id\tname\n7\tSmith, Ann\n').rows[0]).toEqual(['7', 'Smith, Ann']);
  });

  test('an empty file is refused with a plain message', () => {
    expect(() => parseCsv('\uFEFF  \r\n')).toThrow(FileProblem);
    expect(() => parseCsv('')).toThrow(/The file is empty/);
  });

  test('a quote that is never closed stops the import and names its line', () => {
    expect(() => parseCsv('id,name\n1,ok\n2,"broken\n3,x\n')).toThrow(/starts on line 3 is never closed/);
  });

  test('a quote inside a quoted value that is not doubled stops the import, rather than swallowing the rows after it', () => {
    const text = 'id,name,grade\n1,ok,5\n2,"Rivera, Ana "Nana"",5\n3,"C, D",5\n';
    expect(() => parseCsv(text)).toThrow(/Line 3 has a " character inside a value/);
    // A tab export whose value starts with a quote but is not quoted.
    expect(() => parseCsv('id\tname\n1\t"Bubba" Smith, John\n2\tLee, Ann\n')).toThrow(/Line 2 has a " character/);
  });

  test('a stray quote in a value that still ends on its line reads as written', () => {
    expect(parseCsv('id,name,grade\n1,"Ana "Nana" Rivera",3\n2,x,4\n').rows).toEqual([
      ['1', 'Ana "Nana" Rivera', '3'],
      ['2', 'x', '4'],
    ]);
  });

  test('a line break inside an unquoted value of a Windows tab export stays in its value', () => {
    const t = parseCsv('id\tmother\tdays\r\n1001\tMaria Rivera\nc/o aunt\t3\r\n1002\tAnn Lee\t4\r\n');
    expect(t.rows).toEqual([
      ['1001', 'Maria Rivera\nc/o aunt', '3'],
      ['1002', 'Ann Lee', '4'],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });

  test('a file whose lines end differently (a Windows header over Unix rows) reads every row, with its line number', () => {
    const t = parseCsv('id,name\r\n1,"A, B"\n2,"C\nD"\n3,x\r\n4,y\r5,z\n');
    expect(t.rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
    expect(t.rows[1][1]).toBe('C\nD');
    expect(t.lines).toEqual([2, 3, 5, 6, 7]);
    // A Unix header over Windows rows with quoted last values.
    expect(parseCsv('id,name\n1,"A, B"\r\n2,"C"\r\n').rows).toEqual([
      ['1', 'A, B'],
      ['2', 'C'],
    ]);
  });

  test('a Windows file with line breaks inside quoted cells (as Excel writes them) is read as it is', () => {
    const t = parseCsv('id,note\r\n1,"a\nb"\r\n2,x\r\n');
    expect(t.rows).toEqual([
      ['1', 'a\nb'],
      ['2', 'x'],
    ]);
    expect(t.lines).toEqual([2, 4]);
  });
});

describe('line numbers in files of every shape', () => {
  test('a quote after a line break of another kind is text, as Papa Parse reads it: the rows after it keep their lines', () => {
    // A note typed with Shift+Enter whose next line starts with a quote, in a Windows tab export.
    const file =
      'Student_Number\tLastFirst\tNote\r\n1001\tRivera, Ana\tcalled\n"no answer\r\n1002\tChen, Wei\tok\r\n1003\tLee, Bo\t"x\r\ny"\r\n1004\tKim, Jo\tok';
    expect(parseCsv(file).lines).toEqual([2, 4, 5, 7]);
    expect(parseCsv('ID,Name\n1,Ana\r"Nana\n2,Bo').lines).toEqual([2, 4]);
    expect(parseCsv('ID\tName\r\n1\tAna\n"Nana\r\n2\tBo').lines).toEqual([2, 4]);
  });

  /** A small seeded generator, so a failure names a file that can be made again. */
  function random(seed: number) {
    let x = seed;
    return (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
  }

  const BREAKS = ['\r\n', '\n', '\r'];

  /** A file with known rows and the line each starts on: quoted values with breaks of every kind, doubled quotes, blank lines, stray quotes. */
  function makeFile(seed: number) {
    const pick = random(seed);
    const delimiter = [',', ';', '\t'][pick(3)];
    const newline = BREAKS[pick(3)];
    const header = ['id', 'name', 'note'];
    // A third of the files hold stray quotes, which the files' quick reading cannot follow.
    const strays = pick(3) === 0;
    let text = header.join(delimiter) + newline;
    let line = 2;
    const rows: string[][] = [];
    const lines: number[] = [];
    for (let r = 0; r < 40; r++) {
      if (pick(6) === 0) {
        text += newline;
        line++;
      }
      const values = [String(1000 + r), `Name ${r}`, ''];
      const cells = values.slice(0, 2);
      let spans = 1;
      switch (pick(5)) {
        case 0: {
          // A note over several lines, its breaks of any kind, with doubled quotes.
          const parts = Array.from({ length: 1 + pick(3) }, (_, i) => `part ${i} ""q""`);
          let note = parts[0];
          for (let i = 1; i < parts.length; i++) note += BREAKS[pick(3)] + parts[i];
          values[2] = note.replace(/""/g, '"');
          cells.push(`"${note}"`);
          spans = parts.length;
          break;
        }
        case 1:
          if (!strays) {
            values[2] = 'x';
            cells.push('x');
            break;
          }
          // A stray quote inside an unquoted value (a height, 5'10"): read as text.
          values[2] = `5'10" tall`;
          cells.push(values[2]);
          break;
        case 2:
          values[2] = `a${delimiter}b`;
          cells.push(`"a${delimiter}b"`);
          break;
        default:
          values[2] = 'plain';
          cells.push('plain');
      }
      rows.push(values);
      lines.push(line);
      text += cells.join(delimiter) + newline;
      line += spans;
    }
    return { text, rows, lines };
  }

  test('every row of 300 generated files starts on the line it was written on', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const file = makeFile(seed);
      const t = parseCsv(file.text);
      expect({ seed, rows: t.rows }).toEqual({ seed, rows: file.rows });
      expect({ seed, lines: t.lines }).toEqual({ seed, lines: file.lines });
    }
  });
});
