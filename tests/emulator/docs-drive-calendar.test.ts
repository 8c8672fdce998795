/** The emulated Drive, Docs and Calendar services: the behaviour outreach relies on, with the real messages. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadedBundle } from '../../src/emulator/bundle';
import { CalendarPlugin, shownDescription } from '../../src/emulator/calendar';
import { DocsPlugin } from '../../src/emulator/docs';
import { DrivePlugin } from '../../src/emulator/drive';
import { Workspace } from '../../src/emulator/workspace';

function load(code: string, scopes?: string[], services?: { userSymbol: string; serviceId: string; version: string }[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-'));
  writeFileSync(path.join(dir, 'Code.js'), code);
  const manifest: Record<string, unknown> = {};
  if (scopes) manifest.oauthScopes = scopes;
  if (services) manifest.dependencies = { enabledAdvancedServices: services };
  writeFileSync(path.join(dir, 'appsscript.json'), JSON.stringify(manifest));
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

describe('the Drive advanced service (Drive API v3)', () => {
  const FILE = ['https://www.googleapis.com/auth/drive.file'];
  const folder = 'application/vnd.google-apps.folder';

  test('makes folders and files with v3 names and parents; answers with kind, id, name and mimeType unless fields asks for more', () => {
    const { b, drive } = load(`function go() {
      var top = Drive.Files.create({ name: 'Top', mimeType: '${folder}' });
      var sub = Drive.Files.create({ name: 'Sub', mimeType: '${folder}', parents: [top.id] });
      var got = Drive.Files.get(sub.id, { fields: 'id,name,parents,trashed' });
      return [top, Object.keys(sub).sort(), got];
    }`);
    const [top, keys, got] = b.run<[Record<string, unknown>, string[], Record<string, unknown>]>('go');
    expect(top).toEqual({ kind: 'drive#file', id: expect.any(String), name: 'Top', mimeType: folder });
    expect(keys).toEqual(['id', 'kind', 'mimeType', 'name']);
    expect(got).toEqual({ id: expect.any(String), name: 'Sub', parents: [top.id], trashed: false });
    expect(drive.file(String(top.id))!.parents).toEqual([drive.rootId(b.ws.user)]);
  });

  test('a folder shared with someone lets them open the documents in it; only its owner may share it', () => {
    const { b } = load(`function make() {
        var f = Drive.Files.create({ name: 'Templates', mimeType: '${folder}' });
        var d = Drive.Files.create({ name: 'T', mimeType: 'application/vnd.google-apps.document', parents: [f.id] });
        return [f.id, d.id];
      }
      function share(f, who) { return Drive.Permissions.create({ role: 'writer', type: 'user', emailAddress: who }, f, { sendNotificationEmail: false }); }
      function open(d) { return DocumentApp.openById(d).getName(); }`);
    const [f, d] = b.run<[string, string]>('make');
    b.ws.user = 'clerk2@district.example.org';
    expect(() => b.run('open', [d])).toThrow(/Document is missing|not have permission|No item/);
    expect(() => b.run('share', [f, 'clerk3@district.example.org'])).toThrow();
    b.ws.user = 'clerk@district.example.org';
    expect(b.run('share', [f, 'Clerk2@District.example.org'])).toMatchObject({
      role: 'writer',
      emailAddress: 'clerk2@district.example.org',
    });
    expect(() => b.run('share', [f, 'not an address'])).toThrow(/email address is not valid/);
    b.ws.user = 'clerk2@district.example.org';
    expect(b.run('open', [d])).toBe('T');
  });

  test('v2 names and unknown fields are refused', () => {
    const { b } = load(
      `function create(r) { return Drive.Files.create(r); } function get(id, f) { return Drive.Files.get(id, { fields: f }); }`,
    );
    expect(() => b.run('create', [{ title: 'x' }])).toThrow(
      'API call to drive.files.create failed with error: Invalid JSON payload received. Unknown name "title": Cannot find field.',
    );
    const id = b.run<{ id: string }>('create', [{ name: 'x' }]).id;
    expect(() => b.run('get', [id, 'id,title'])).toThrow('API call to drive.files.get failed with error: Invalid field selection title');
  });

  test("files.list: trashed files are listed unless the query says trashed = false; strings take \\' and \\\\ escapes", () => {
    const { b } =
      load(`function go(q) { return Drive.Files.list({ q: q, fields: 'files(name)' }).files.map(function (f) { return f.name; }); }
      function make(name, trashed) { return Drive.Files.create({ name: name, trashed: trashed }).id; }`);
    b.run('make', ["O'Brien \\ Sons", false]);
    b.run('make', ['old', true]);
    expect(b.run('go', ["name = 'old'"])).toEqual(['old']);
    expect(b.run('go', ["name = 'old' and trashed = false"])).toEqual([]);
    expect(b.run('go', ["name = 'O\\'Brien \\\\ Sons' and trashed = false"])).toEqual(["O'Brien \\ Sons"]);
    expect(() => b.run('go', ["name = 'O'Brien'"])).toThrow('API call to drive.files.list failed with error: Invalid Value');
    expect(() => b.run('go', ['title = "x"'])).toThrow('Invalid Value');
  });

  test('with only drive.file, what the add-on did not create is "File not found", in get, list and update', () => {
    const { b, drive } = load(
      `function get(id) { return Drive.Files.get(id).name; } function list() { return Drive.Files.list({ q: "name = 'private'" }).files.length; }
       function mine() { return Drive.Files.create({ name: 'mine' }).id; } function move(id, to) { return Drive.Files.update({}, id, null, { addParents: to }); }`,
      FILE,
    );
    const other = drive.add({ name: 'private', mimeType: 'text/plain', parents: [], owner: b.ws.user, byApp: false }, 0);
    expect(() => b.run('get', [other.id])).toThrow(`API call to drive.files.get failed with error: File not found: ${other.id}.`);
    expect(b.run('list')).toBe(0);
    expect(() => b.run('move', [b.run('mine'), other.id])).toThrow(`File not found: ${other.id}.`);
  });

  test('a file moves by addParents and removeParents; parents cannot be written, and a file has one parent', () => {
    const { b, drive } = load(`function go() {
      var a = Drive.Files.create({ name: 'A', mimeType: '${folder}' }).id; var c = Drive.Files.create({ name: 'C', mimeType: '${folder}' }).id;
      var f = Drive.Files.create({ name: 'f' }).id;
      var out = [];
      try { Drive.Files.update({ parents: [a] }, f); } catch (e) { out.push(e.message); }
      try { Drive.Files.update({}, f, null, { addParents: a }); } catch (e) { out.push(e.message); }
      Drive.Files.update({}, f, null, { addParents: a, removeParents: 'root' });
      Drive.Files.update({ name: 'g' }, f, null, { addParents: c, removeParents: a });
      out.push(Drive.Files.get(f, { fields: 'name,parents' }));
      return [out, c];
    }`);
    const [out, c] = b.run<[unknown[], string]>('go');
    expect(out).toEqual([
      'API call to drive.files.update failed with error: The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.',
      'API call to drive.files.update failed with error: Increasing the number of parents is not allowed.',
      { name: 'g', parents: [c] },
    ]);
    expect(drive.state.files.filter((f) => f.name === 'g')).toHaveLength(1);
  });

  test('unknown query parameters are refused; the service needs FULL authorization and a Drive scope', () => {
    const { b } = load(`function go(args) { return Drive.Files.list(args); }`, ['https://www.googleapis.com/auth/documents']);
    expect(() => b.run('go', [{}])).toThrow('Specified permissions are not sufficient to call Drive.Files.list.');
    const ok = load(`function go(args) { return Drive.Files.list(args); }`, FILE);
    expect(() => ok.b.run('go', [{ maxResults: 5 }])).toThrow(
      `API call to drive.files.list failed with error: Invalid JSON payload received. Unknown name "maxResults": Cannot bind query parameter.`,
    );
    expect(() => ok.b.run('go', [{}], { authMode: 'LIMITED' })).toThrow(/permission/);
  });

  test('an advanced service exists only as the manifest enables it (service and version), under its userSymbol', () => {
    const code = `function go() { return [typeof Drive, typeof DriveV3, typeof Gmail, typeof Calendar]; }`;
    expect(load(code, undefined, [{ userSymbol: 'DriveV3', serviceId: 'drive', version: 'v3' }]).b.run('go')).toEqual([
      'undefined',
      'object',
      'undefined',
      'undefined',
    ]);
    expect(load(code, undefined, [{ userSymbol: 'Drive', serviceId: 'drive', version: 'v2' }]).b.run('go')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
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
      function last() { DocumentApp.create('y').getBody().getChild(0).removeFromParent(); }
      function end() { var body = DocumentApp.create('z').getBody(); body.appendParagraph('a'); var b = body.appendParagraph('b');
        body.getChild(0).removeFromParent(); return body.removeChild(b); }`);
    expect(() => b.run('closed')).toThrow('Document is closed, its contents cannot be updated.');
    expect(() => b.run('last')).toThrow("Can't remove the last paragraph in a document section.");
    // Not only the only paragraph: the body's last one, whatever comes before it (as real Docs does).
    expect(() => b.run('end')).toThrow("Can't remove the last paragraph in a document section.");
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

  test('query parameters the method does not take are refused', () => {
    const { b } = load(`function go(e, args) { return Calendar.Events.insert(e, 'primary', args).id; }`);
    expect(() => b.run('go', [ev, { sendUpdates: 'everyone' }])).toThrow(
      'API call to calendar.events.insert failed with error: Invalid value for sendUpdates: everyone',
    );
    expect(() => b.run('go', [ev, { notify: true }])).toThrow('Unknown name "notify": Cannot bind query parameter.');
  });

  test('a description is shown as HTML: tags are markup (an <address> vanishes, <a href> is a link), <br> breaks the line, entities are text', () => {
    const shown = shownDescription(
      'Mentor: Ana <ana@x.org><br>See <a href="https://x.example/?a=1&amp;b=2">this</a>\nA &lt;b&gt; &amp; 1 < 2',
    );
    expect(shown.text).toBe('Mentor: Ana \nSee this\nA <b> & 1 < 2');
    expect(shown.links).toEqual(['https://x.example/?a=1&b=2']);
  });

  test('the daily events quota ends in the API error', () => {
    const { b } = load(`function go(e) { return Calendar.Events.insert(e, 'primary').id; }`);
    b.ws.rt.useQuota('calendarEventsCreated', 5000);
    expect(() => b.run('go', [{ ...ev, id: undefined }])).toThrow('Calendar usage limits exceeded.');
  });
});
