import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LoadedBundle } from '../../src/emulator/bundle';
import { GmailPlugin, parseMessage } from '../../src/emulator/gmail';
import { Workspace } from '../../src/emulator/workspace';

function load(code: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gas-'));
  writeFileSync(path.join(dir, 'Code.js'), code);
  writeFileSync(path.join(dir, 'appsscript.json'), '{}');
  const gmail = new GmailPlugin();
  return { b: new LoadedBundle(new Workspace({ plugins: [gmail] }), dir), gmail };
}

const raw = (to: string, subject: string, body: string) =>
  Buffer.from(
    `To: ${to}\r\nSubject: ${subject}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString('base64')}`,
  ).toString('base64url');

describe('the Gmail advanced service', () => {
  test('a draft is created from a raw message and can be read back', () => {
    const { b, gmail } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me').id; }`);
    const id = b.run<string>('draft', [
      raw('ana@example.org', '=?UTF-8?B?' + Buffer.from('Asistencia de María').toString('base64') + '?=', 'Hola, ¿cómo está?'),
    ]);
    expect(id).toMatch(/^r/);
    const [d] = gmail.draftsOf(b.ws.user);
    expect(d).toMatchObject({ to: ['ana@example.org'], subject: 'Asistencia de María', text: 'Hola, ¿cómo está?' });
  });

  test('a bad address is refused with the API error', () => {
    const { b } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me'); }`);
    expect(() => b.run('draft', [raw('not-an-email', 'x', 'y')])).toThrow(
      'API call to gmail.users.drafts.create failed with error: Invalid To header',
    );
  });

  test('the To header is an RFC 5322 address list: commas in a quoted name, <...> or a (comment) separate no addresses', () => {
    const { b, gmail } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me').id; }`);
    const to = (header: string) => {
      b.run('draft', [raw(header, 'x', 'y')]);
      return gmail.draftsOf(b.ws.user).at(-1)!.to;
    };
    expect(to('"Garcia, Ana" <ana@example.com>')).toEqual(['ana@example.com']);
    expect(to('"Ana \\"Nana, Jr.\\" Garcia" <ana@example.com>')).toEqual(['ana@example.com']);
    expect(to('"Garcia, Ana\\\\" <ana@example.com>')).toEqual(['ana@example.com']);
    expect(to('"Garcia, Ana" <ana@example.com>, luis@example.com')).toEqual(['ana@example.com', 'luis@example.com']);
    expect(to('ana@example.com (Garcia, Ana), Luis Garcia <luis@example.com>')).toEqual(['ana@example.com', 'luis@example.com']);
  });

  test.each([
    ['a name with an unquoted comma', 'Garcia, Ana <ana@example.com>'],
    ['an open quote', '"Garcia, Ana <ana@example.com>'],
    ['an escaped closing quote', '"Garcia, Ana\\" <ana@example.com>'],
    ['text after the address', '"Garcia, Ana" <ana@example.com> Garcia'],
    ['a quoted name with no address', '"Garcia, Ana" ana@example.com'],
    ['one good address and one bad', 'ana@example.com, not-an-email'],
  ])('a To header with %s is still refused', (_, header) => {
    const { b, gmail } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me'); }`);
    expect(() => b.run('draft', [raw(header, 'x', 'y')])).toThrow(
      'API call to gmail.users.drafts.create failed with error: Invalid To header',
    );
    expect(gmail.state.drafts).toEqual([]);
  });

  test('drafts.get takes one query parameter, format; metadata gives every header (there is no metadataHeaders)', () => {
    const { b } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me').id; }
      function get(id, args) { return Gmail.Users.Drafts.get('me', id, args); }`);
    const id = b.run<string>('draft', [raw('a@b.org', 'Hello', 'Hi')]);
    const meta = b.run<{ message: { payload: { headers: { name: string; value: string }[] } } }>('get', [id, { format: 'metadata' }]);
    expect(meta.message.payload.headers.map((h) => h.name)).toEqual(['To', 'Subject', 'Content-Type', 'Content-Transfer-Encoding']);
    expect(b.run<{ message: { raw: string } }>('get', [id, { format: 'raw' }]).message.raw).toBe(raw('a@b.org', 'Hello', 'Hi'));
    expect(() => b.run('get', [id, { format: 'metadata', metadataHeaders: ['Subject'] }])).toThrow(
      `API call to gmail.users.drafts.get failed with error: Invalid JSON payload received. Unknown name "metadataHeaders": Cannot bind query parameter. Field 'metadataHeaders' could not be found in request message.`,
    );
    expect(() => b.run('get', [id, { format: 'headers' }])).toThrow(
      'API call to gmail.users.drafts.get failed with error: Invalid value for format: headers',
    );
  });

  test('drafts need the FULL authorization mode', () => {
    const { b } = load(`function draft(raw) { return Gmail.Users.Drafts.create({ message: { raw: raw } }, 'me'); }`);
    expect(() => b.run('draft', [raw('a@b.org', 'x', 'y')], { authMode: 'LIMITED' })).toThrow(/permission/);
  });

  test('sending counts recipients against the daily email quota', () => {
    const { b } = load(`function send(raw) { return Gmail.Users.Messages.send({ raw: raw }, 'me'); }`);
    for (let i = 0; i < 100; i++) b.run('send', [raw('a@b.org', 'x', 'y')]);
    expect(() => b.run('send', [raw('a@b.org', 'x', 'y')])).toThrow('Service invoked too many times for one day: email.');
  });

  test('multipart messages give their text and HTML parts', () => {
    const msg =
      'To: a@b.org\r\nSubject: Hi\r\nContent-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nplain\r\n--b1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>rich</p>\r\n--b1--\r\n';
    expect(parseMessage(msg)).toMatchObject({ text: 'plain', html: '<p>rich</p>' });
  });

  test('a subject folded into several encoded words reads whole: the space between two encoded words is not text (RFC 2047)', () => {
    const b64 = (t: string) => `=?UTF-8?B?${Buffer.from(t).toString('base64')}?=`;
    const msg = `To: a@b.org\r\nSubject: ${b64('Asistencia de Jos')}\r\n ${b64('é')} ${b64('!')} and ${b64('ñ')}\r\n\r\nbody`;
    expect(parseMessage(msg).subject).toBe('Asistencia de José! and ñ');
  });
});
