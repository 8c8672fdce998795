/** The emulated Drive, Docs and Calendar services: the behaviour outreach relies on, with the real messages. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin } from '../../src/emulator/calendar';
import { DocsPlugin } from '../../src/emulator/docs';
import { DrivePlugin } from '../../src/emulator/drive';
import { Workspace } from '../../src/emulator/workspace';

function load(code: string, scopes?: string[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-'));
  writeFileSync(path.join(dir, 'Code.js'), code);
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify(scopes ? { oauthScopes: scopes } : {}));
  const drive = new DrivePlugin();
  const docs = new DocsPlugin(drive);
  const calendar = new CalendarPlugin();
  return { b: new LoadedBundle(new Workspace({ plugins: [drive, docs, calendar] }), dir), drive, docs, calendar };
}

describe('DriveApp', () => {
  test('makeCopy(), (name), (destination) and (name, destination) return the new File', () => {
    const { b } = load(`function go() {
      var f = DriveApp.createFile('a.txt', 'x'); var dest = DriveApp.createFolder('Dest');
      return [f.makeCopy().getName(), f.makeCopy('b').getName(), f.makeCopy(dest).getParents().next().getName(), f.makeCopy('c', dest).getName()];
    }`);
    expect(b.run('go')).toEqual(['Copy of a.txt', 'b', 'Dest', 'c']);
  });

  test('with only drive.file, files the add-on did not create cannot be opened', () => {
    const { b, drive } = load(`function go(id) { return DriveApp.getFileById(id).getName(); }`, [
      'https://www.googleapis.com/auth/drive.file',
    ]);
    const other = drive.add({ name: 'private', mimeType: 'text/plain', parents: [], owner: b.ws.user, byApp: false }, 0);
    expect(() => b.run('go', [other.id])).toThrow('No item with the given ID could be found, or you do not have permission to access it.');
  });

  test('a scope the manifest does not list is refused', () => {
    const { b } = load(`function go() { return DocumentApp.create('x'); }`, ['https://www.googleapis.com/auth/drive.file']);
    expect(() => b.run('go')).toThrow(
      'Specified permissions are not sufficient to call DocumentApp.create. Required permissions: https://www.googleapis.com/auth/documents',
    );
  });
});

describe('DocumentApp', () => {
  const code = `function go(p, r) { var d = DocumentApp.create('x'); var body = d.getBody();
      body.appendParagraph('Dear {{Name}},'); body.appendParagraph('Bye {{Name}}'); body.replaceText(p, r); return body.getText(); }`;

  test('replaceText matches RE2 patterns within each paragraph; lookarounds are refused', () => {
    const { b } = load(code);
    expect(b.run('go', ['\\{\\{Name\\}\\}', 'Ana'])).toBe('\nDear Ana,\nBye Ana');
    expect(b.run('go', ['(?i)dear', 'Hi'])).toBe('\nHi {{Name}},\nBye {{Name}}');
    expect(() => b.run('go', ['Dear(?= )', 'x'])).toThrow(/lookaround is not supported/);
  });

  test('a replacement with "$" and no group number fails (the stricter Java reading; unconfirmed for Apps Script)', () => {
    const { b } = load(code);
    expect(() => b.run('go', ['Dear', 'US$ 5'])).toThrow('Illegal group reference');
    expect(b.run('go', ['(Bye)', '$1 now'])).toBe('\nDear {{Name}},\nBye now {{Name}}');
  });

  test('creating documents counts against the daily quota with the real message', () => {
    const { b } = load(`function go() { DocumentApp.create('x'); }`);
    b.ws.rt.useQuota('documentsCreated', 250);
    expect(() => b.run('go')).toThrow('Service invoked too many times for one day: docs create.');
  });

  test('after saveAndClose the document cannot be changed; the last paragraph cannot be removed', () => {
    const { b } =
      load(`function closed() { var d = DocumentApp.create('x'); var body = d.getBody(); d.saveAndClose(); body.appendParagraph('late'); }
      function last() { DocumentApp.create('y').getBody().getChild(0).removeFromParent(); }`);
    expect(() => b.run('closed')).toThrow('Document is closed, its contents cannot be updated.');
    expect(() => b.run('last')).toThrow("Can't remove the last paragraph in a document section.");
  });

  test('elements copied from a template must be detached, and copies are edited on their own', () => {
    const { b, docs } = load(`function go() { var t = DocumentApp.create('t').getBody(); var p = t.appendParagraph('Hi {{X}}');
      var d = DocumentApp.create('d'); var body = d.getBody(); var c = body.appendParagraph(p.copy()); c.editAsText().deleteText(3, 7);
      c.editAsText().insertText(3, 'Ana'); try { body.appendParagraph(c); } catch (e) { return [d.getId(), e.message]; } }`);
    const [id, message] = b.run<[string, string]>('go');
    expect(message).toBe('Element must be detached.');
    expect(docs.text(id)).toBe('\nHi Ana');
  });
});

describe('the Calendar advanced service', () => {
  const ev = { id: 'att0123456789', summary: 's', start: { dateTime: '2026-11-30T15:30:00' }, end: { dateTime: '2026-11-30T16:00:00' } };

  test('an event ID can be chosen; inserting it twice fails with 409, so an event is never made twice', () => {
    const { b, calendar } = load(`function go(e) { return Calendar.Events.insert(e, 'primary').id; }`);
    expect(b.run('go', [ev])).toBe('att0123456789');
    expect(() => b.run('go', [ev])).toThrow(
      'API call to calendar.events.insert failed with error: The requested identifier already exists.',
    );
    expect(() => b.run('go', [{ ...ev, id: 'UPPER-case' }])).toThrow('Invalid resource id value.');
    expect(calendar.eventsOf(b.ws.user)).toHaveLength(1);
  });

  test('the daily events quota ends in the API error', () => {
    const { b } = load(`function go(e) { return Calendar.Events.insert(e, 'primary').id; }`);
    b.ws.rt.useQuota('calendarEventsCreated', 5000);
    expect(() => b.run('go', [{ ...ev, id: undefined }])).toThrow('Calendar usage limits exceeded.');
  });
});
