/**
 * The Drive advanced service (Drive API v3), emulated over the same files as DriveApp (drive.ts):
 * Drive.Files.create, get, list, update, copy and remove, with v3's names and shapes.
 *
 * Why the toolkit uses it: the Drive API's reference lists https://www.googleapis.com/auth/drive.file
 * among the scopes of files.create, get, list, update and copy, for "files you have opened or
 * created with this app"; DriveApp's reference lists only the full drive scope. The toolkit asks
 * for drive.file.
 *
 * Faithful where it bites:
 * - v3 field names: `name` (v2's `title` is unknown), `parents` as a list of IDs, `trashed`;
 *   the response holds only `kind, id, name, mimeType` unless `fields` asks for more, and `fields`
 *   naming a field v3 does not have is refused ("Invalid field selection");
 * - with only drive.file, the add-on sees the files and folders it created (and "root", My Drive);
 *   anything else is "File not found: ID." (404), as it is with an ID that does not exist;
 * - files.list returns trashed files unless the query says `trashed = false`; `q` understands
 *   `'ID' in parents`, `name = '...'` (also != and contains), `mimeType = '...'` (and !=) and
 *   `trashed = true|false` joined by `and`, with \' and \\ escapes in strings; a query that is not
 *   valid Drive syntax is refused ("Invalid Value"); valid syntax the emulator does not model
 *   (or, not, dates ...) fails loudly rather than answer wrongly;
 * - update cannot write `parents` ("The parents field is not directly writable in update
 *   requests. Use the addParents and removeParents parameters instead."); a file in My Drive has
 *   one parent ("Increasing the number of parents is not allowed.");
 * - unknown query parameters and unknown resource fields are refused (see api-args.ts: the worse
 *   case, unconfirmed for Apps Script);
 * - calls need FULL authorization and a Drive scope the method lists; typical latencies; errors are
 *   GoogleJsonResponseException "API call to drive.files.METHOD failed with error: ...".
 * Copying or creating a Google Doc counts against the daily "documents created" quota
 * (conservative: unconfirmed for the Drive API).
 */
import { checkArgs, ParamSpec } from './api-args';
import type { DrivePlugin, FileState } from './drive';
import { Workspace } from './workspace';

const MIME_FOLDER = 'application/vnd.google-apps.folder';
const MIME_DOC = 'application/vnd.google-apps.document';

/** Scopes each method accepts (Drive API v3 reference, "Authorization scopes"). */
const READ = [
  'drive',
  'drive.appdata',
  'drive.file',
  'drive.meet.readonly',
  'drive.metadata',
  'drive.metadata.readonly',
  'drive.photos.readonly',
  'drive.readonly',
];
const SCOPES: Record<string, string[]> = {
  create: ['drive', 'drive.appdata', 'drive.file'],
  copy: ['drive', 'drive.appdata', 'drive.file', 'drive.photos.readonly'],
  get: READ,
  list: READ,
  update: ['drive', 'drive.appdata', 'drive.file', 'drive.metadata', 'drive.scripts'],
  remove: ['drive', 'drive.appdata', 'drive.file'],
};

const SHARED: Record<string, ParamSpec> = {
  supportsAllDrives: 'boolean',
  supportsTeamDrives: 'boolean',
  includeLabels: 'string',
  includePermissionsForView: 'string',
};
const PARAMS: Record<string, Record<string, ParamSpec>> = {
  create: {
    ...SHARED,
    enforceSingleParent: 'boolean',
    ignoreDefaultVisibility: 'boolean',
    keepRevisionForever: 'boolean',
    ocrLanguage: 'string',
    useContentAsIndexableText: 'boolean',
    uploadType: ['media', 'multipart', 'resumable'],
  },
  copy: {
    ...SHARED,
    enforceSingleParent: 'boolean',
    ignoreDefaultVisibility: 'boolean',
    keepRevisionForever: 'boolean',
    ocrLanguage: 'string',
  },
  get: { ...SHARED, acknowledgeAbuse: 'boolean', alt: ['json', 'media'] },
  list: {
    ...SHARED,
    corpora: ['user', 'drive', 'domain', 'allDrives'],
    corpus: ['user', 'domain'],
    driveId: 'string',
    includeItemsFromAllDrives: 'boolean',
    includeTeamDriveItems: 'boolean',
    orderBy: 'string',
    pageSize: 'number',
    pageToken: 'string',
    q: 'string',
    spaces: 'string',
    teamDriveId: 'string',
  },
  update: {
    ...SHARED,
    addParents: 'string',
    removeParents: 'string',
    enforceSingleParent: 'boolean',
    keepRevisionForever: 'boolean',
    ocrLanguage: 'string',
    useContentAsIndexableText: 'boolean',
    uploadType: ['media', 'multipart', 'resumable'],
  },
  remove: { ...SHARED, enforceSingleParent: 'boolean' },
};

/** The File fields v3 has (for `fields` checks), and those a request may write. */
const FILE_FIELDS = [
  'kind',
  'id',
  'name',
  'mimeType',
  'description',
  'starred',
  'trashed',
  'explicitlyTrashed',
  'parents',
  'properties',
  'appProperties',
  'spaces',
  'version',
  'webContentLink',
  'webViewLink',
  'iconLink',
  'hasThumbnail',
  'thumbnailLink',
  'viewedByMe',
  'viewedByMeTime',
  'createdTime',
  'modifiedTime',
  'modifiedByMeTime',
  'modifiedByMe',
  'sharedWithMeTime',
  'sharingUser',
  'owners',
  'driveId',
  'teamDriveId',
  'lastModifyingUser',
  'shared',
  'ownedByMe',
  'capabilities',
  'viewersCanCopyContent',
  'copyRequiresWriterPermission',
  'writersCanShare',
  'permissions',
  'permissionIds',
  'hasAugmentedPermissions',
  'folderColorRgb',
  'originalFilename',
  'fullFileExtension',
  'fileExtension',
  'md5Checksum',
  'sha1Checksum',
  'sha256Checksum',
  'size',
  'quotaBytesUsed',
  'headRevisionId',
  'contentHints',
  'imageMediaMetadata',
  'videoMediaMetadata',
  'isAppAuthorized',
  'exportLinks',
  'shortcutDetails',
  'contentRestrictions',
  'resourceKey',
  'linkShareMetadata',
  'labelInfo',
  'trashedTime',
  'trashingUser',
  'inheritedPermissionsDisabled',
  'downloadRestrictions',
];
const WRITABLE = [
  'name',
  'mimeType',
  'description',
  'starred',
  'trashed',
  'properties',
  'appProperties',
  'folderColorRgb',
  'originalFilename',
  'writersCanShare',
  'viewersCanCopyContent',
  'copyRequiresWriterPermission',
  'contentHints',
  'contentRestrictions',
  'createdTime',
  'modifiedTime',
  'viewedByMeTime',
  'shortcutDetails',
  'inheritedPermissionsDisabled',
  'downloadRestrictions',
];
const CREATE_ONLY = ['id', 'parents'];
/** Read-only fields a client may send back unchanged (Drive ignores them). */
const IGNORED = ['kind'];

const QUERY_TERMS = [
  'name',
  'fullText',
  'mimeType',
  'modifiedTime',
  'viewedByMeTime',
  'trashed',
  'starred',
  'parents',
  'owners',
  'writers',
  'readers',
  'sharedWithMe',
  'createdTime',
  'properties',
  'appProperties',
  'visibility',
  'shortcutDetails.targetId',
];

type Term = (f: FileState) => boolean;

export function createDriveApi(drive: DrivePlugin, ws: Workspace): Record<string, unknown> {
  const rt = ws.rt;
  const error = (method: string, message: string) =>
    rt.error(
      `API call to drive.files.${method === 'remove' ? 'delete' : method} failed with error: ${message}`,
      'GoogleJsonResponseException',
    );
  const begin = (method: string, ms: number, optionalArgs: unknown): Record<string, unknown> => {
    rt.call('Drive', `Files.${method}`, ms, 'full');
    ws.requireScope(`Drive.Files.${method}`, SCOPES[method]);
    return checkArgs(rt, (m) => error(method, m), optionalArgs, PARAMS[method]);
  };
  const scopes = () => ws.scopes;
  /** What the add-on may see: with drive (or, to read, a read-only scope) everything of the user's; with drive.file what it made. */
  const sees = (f: FileState, read: boolean): boolean => {
    if (f.owner !== ws.user) return false;
    const s = scopes();
    const has = (x: string) => s === null || s.includes(`https://www.googleapis.com/auth/${x}`);
    if (has('drive') || (read && (has('drive.readonly') || has('drive.metadata.readonly') || has('drive.metadata')))) return true;
    return f.byApp || f.id === drive.rootId(ws.user);
  };
  const idOf = (id: unknown) => (String(id) === 'root' ? drive.ensureRoot(ws).id : String(id));
  const permissionError = (message: string) => rt.error(`API call to drive.permissions.create failed with error: ${message}`);
  const find = (method: string, id: unknown, read: boolean): FileState => {
    const f = drive.file(idOf(id)) ?? (String(id) === 'root' ? drive.ensureRoot(ws) : undefined);
    if (!f || !sees(f, read)) throw error(method, `File not found: ${String(id)}.`);
    return f;
  };
  const folder = (method: string, id: string): FileState => {
    const f = find(method, id, false);
    if (f.mimeType !== MIME_FOLDER) throw error(method, 'The specified parent is not a folder.');
    return f;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const full = (f: FileState): Record<string, unknown> => ({
    kind: 'drive#file',
    id: f.id,
    name: f.name,
    mimeType: f.mimeType,
    parents: f.parents.slice(),
    trashed: f.trashed,
    explicitlyTrashed: f.trashed,
    createdTime: iso(f.created),
    modifiedTime: iso(f.updated),
    webViewLink: drive.url(f),
    ownedByMe: true,
    owners: [{ kind: 'drive#user', emailAddress: f.owner, me: true }],
    spaces: ['drive'],
  });

  /** `fields`: "a,b,c", "files(a,b),nextPageToken", "*". Unknown names are refused, as the API does. */
  const select = (
    method: string,
    value: Record<string, unknown>,
    fields: unknown,
    fallback: string,
    nested: Record<string, string[]> = {},
  ) => {
    const parse = (text: string): { name: string; sub: string | null }[] => {
      const out: { name: string; sub: string | null }[] = [];
      let depth = 0;
      let cur = '';
      for (const ch of text + ',') {
        if (ch === '(') depth++;
        if (ch === ')') depth--;
        if (ch === ',' && depth === 0) {
          const t = cur.trim();
          if (t) {
            const m = /^([\w.*]+)\s*(?:\((.*)\))?$/s.exec(t);
            if (!m) throw error(method, `Invalid field selection ${t}`);
            out.push({ name: m[1], sub: m[2] ?? null });
          }
          cur = '';
        } else cur += ch;
      }
      if (depth !== 0) throw error(method, `Invalid field selection ${text}`);
      return out;
    };
    const pick = (obj: Record<string, unknown>, text: string, known: string[]): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const { name, sub } of parse(text)) {
        if (name === '*') return { ...obj };
        const [head, ...rest] = name.split('/');
        if (!known.includes(head)) throw error(method, `Invalid field selection ${name}`);
        if (!(head in obj)) continue;
        const v = obj[head];
        const inner = sub ?? (rest.length ? rest.join('/') : null);
        if (inner && nested[head] && Array.isArray(v)) out[head] = v.map((x) => pick(x as Record<string, unknown>, inner, nested[head]));
        else out[head] = v;
      }
      return out;
    };
    const text = fields === undefined || fields === null || fields === '' ? fallback : String(fields);
    return pick(value, text, Object.keys(nested).length ? ['kind', 'nextPageToken', 'incompleteSearch', 'files'] : FILE_FIELDS);
  };
  const fileView = (method: string, f: FileState, fields: unknown) =>
    JSON.parse(JSON.stringify(select(method, full(f), fields, 'kind,id,name,mimeType')));

  const checkResource = (method: string, resource: unknown, allowed: string[]): Record<string, unknown> => {
    if (resource === undefined || resource === null) return {};
    if (typeof resource !== 'object' || Array.isArray(resource)) throw rt.error('Invalid argument: resource');
    const r = resource as Record<string, unknown>;
    for (const k of Object.keys(r)) {
      if (k === 'parents' && method === 'update')
        throw error(
          method,
          'The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.',
        );
      if (!allowed.includes(k) && !IGNORED.includes(k)) {
        if (FILE_FIELDS.includes(k)) throw error(method, `The resource body includes fields which are not directly writable.`);
        throw error(method, `Invalid JSON payload received. Unknown name "${k}": Cannot find field.`);
      }
    }
    return r;
  };
  const content = (media: unknown): string | undefined => {
    if (media === undefined || media === null) return undefined;
    const b = media as { getDataAsString?: () => string };
    if (typeof b.getDataAsString !== 'function') throw rt.error('Invalid argument: mediaData');
    return b.getDataAsString();
  };

  /** Parse a files.list query into a predicate. */
  const query = (q: string): Term => {
    const bad = () => error('list', 'Invalid Value');
    let i = 0;
    const space = () => {
      while (/\s/.test(q[i] ?? '')) i++;
    };
    const str = (): string => {
      space();
      if (q[i] !== "'") throw bad();
      i++;
      let out = '';
      while (i < q.length && q[i] !== "'") {
        if (q[i] === '\\') {
          i++;
          if (q[i] !== "'" && q[i] !== '\\') throw bad();
        }
        out += q[i++];
      }
      if (q[i] !== "'") throw bad();
      i++;
      return out;
    };
    const word = (): string => {
      space();
      const m = /^[A-Za-z][\w.]*|^!=|^<=|^>=|^[=<>]/.exec(q.slice(i));
      if (!m) throw bad();
      i += m[0].length;
      return m[0];
    };
    const unmodeled = (what: string) => rt.error(`Emulator: Drive query ${what} is not emulated (q: ${q})`);
    const term = (): Term => {
      space();
      if (q[i] === '(') throw unmodeled('grouping');
      if (q[i] === "'") {
        const value = str();
        const op = word();
        const field = word();
        if (op !== 'in' || !QUERY_TERMS.includes(field)) throw bad();
        if (field !== 'parents') throw unmodeled(`'...' in ${field}`);
        const id = idOf(value);
        return (f) => f.parents.includes(id);
      }
      const field = word();
      if (field === 'not') throw unmodeled('not');
      if (!QUERY_TERMS.includes(field)) throw bad();
      const op = word();
      if (field === 'trashed') {
        const v = word();
        if ((op !== '=' && op !== '!=') || (v !== 'true' && v !== 'false')) throw bad();
        return (f) => (f.trashed === (v === 'true')) === (op === '=');
      }
      if (field === 'name' || field === 'mimeType') {
        const v = str();
        if (op === '=') return (f) => (field === 'name' ? f.name : f.mimeType) === v;
        if (op === '!=') return (f) => (field === 'name' ? f.name : f.mimeType) !== v;
        if (op === 'contains' && field === 'name')
          return (f) =>
            f.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(v.toLowerCase()));
        if (op === 'contains' && field === 'mimeType') return (f) => f.mimeType.includes(v);
        throw bad();
      }
      throw unmodeled(field);
    };
    const terms: Term[] = [term()];
    for (;;) {
      space();
      if (i >= q.length) break;
      const joiner = word();
      if (joiner === 'or') throw unmodeled('or');
      if (joiner !== 'and') throw bad();
      terms.push(term());
    }
    return (f) => terms.every((t) => t(f));
  };

  const quotaForDocs = (method: string, mimeType: string) => {
    if (mimeType !== MIME_DOC) return;
    try {
      rt.useQuota('documentsCreated');
    } catch (e) {
      throw error(method, (e as Error).message);
    }
  };

  return {
    Files: {
      /** files.create(resource, mediaData?, optionalArgs?): a folder, a Google Doc, or a file with content. */
      create: (resource: unknown, mediaData?: unknown, optionalArgs?: unknown) => {
        const args = begin('create', 500, optionalArgs);
        const r = checkResource('create', resource, [...WRITABLE, ...CREATE_ONLY]);
        if (r.parents !== undefined && !Array.isArray(r.parents)) throw error('create', 'Invalid value for parents');
        const parents =
          r.parents === undefined ? [drive.ensureRoot(ws).id] : (r.parents as unknown[]).map((p) => folder('create', idOf(p)).id);
        if (parents.length > 1) throw error('create', 'Increasing the number of parents is not allowed.');
        if (r.id !== undefined && drive.file(String(r.id))) throw error('create', 'A file already exists with the provided ID.');
        const mimeType = String(r.mimeType ?? 'application/octet-stream');
        quotaForDocs('create', mimeType);
        const f = drive.add(
          {
            id: r.id === undefined ? undefined : String(r.id),
            name: String(r.name ?? 'Untitled'),
            mimeType,
            parents,
            owner: ws.user,
            byApp: true,
            content: content(mediaData),
            doc: mimeType === MIME_DOC ? [{ type: 'PARAGRAPH', text: '', heading: 'NORMAL', pageBreak: false, attributes: {} }] : undefined,
          },
          rt.now,
        );
        if (r.trashed === true) f.trashed = true;
        return fileView('create', f, args.fields);
      },
      get: (fileId: string, optionalArgs?: unknown) => {
        const args = begin('get', 150, optionalArgs);
        if (args.alt === 'media') throw rt.error('Emulator: Drive.Files.get with alt=media is not emulated');
        return fileView('get', find('get', fileId, true), args.fields);
      },
      /** files.list(optionalArgs?): a page of the files the add-on may see, matching q. */
      list: (optionalArgs?: unknown) => {
        const args = begin('list', 300, optionalArgs);
        const match = args.q === undefined || String(args.q).trim() === '' ? () => true : query(String(args.q));
        const size = args.pageSize === undefined ? 100 : Number(args.pageSize);
        if (!(size >= 1 && size <= 1000)) throw error('list', `Invalid value for pageSize: ${String(args.pageSize)}`);
        const start = args.pageToken === undefined ? 0 : Number(args.pageToken);
        if (!Number.isInteger(start) || start < 0) throw error('list', 'Invalid Value');
        const all = drive.state.files.filter((f) => f.id !== drive.rootId(ws.user) && sees(f, true) && match(f));
        const page = all.slice(start, start + size);
        const value: Record<string, unknown> = { kind: 'drive#fileList', incompleteSearch: false, files: page.map(full) };
        if (start + size < all.length) value.nextPageToken = String(start + size);
        return JSON.parse(
          JSON.stringify(
            select('list', value, args.fields, 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)', { files: FILE_FIELDS }),
          ),
        );
      },
      /** files.update(resource, fileId, mediaData?, optionalArgs?): metadata (name, trashed ...) and parents by addParents/removeParents. */
      update: (resource: unknown, fileId: string, mediaData?: unknown, optionalArgs?: unknown) => {
        const args = begin('update', 300, optionalArgs);
        const r = checkResource('update', resource, WRITABLE);
        const f = find('update', fileId, false);
        const remove = String(args.removeParents ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map(idOf);
        const add = String(args.addParents ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((p) => folder('update', idOf(p)).id);
        const parents = [
          ...f.parents.filter((p) => !remove.includes(p)),
          ...add.filter((p) => !f.parents.includes(p) || remove.includes(p)),
        ];
        const unique = [...new Set(parents)];
        if (unique.length > 1) throw error('update', 'Increasing the number of parents is not allowed.');
        const text = content(mediaData);
        if (r.name !== undefined) f.name = String(r.name);
        if (r.trashed !== undefined) f.trashed = r.trashed === true || r.trashed === 'true';
        if (r.mimeType !== undefined && String(r.mimeType) !== f.mimeType)
          throw error('update', 'The mimeType of a file cannot be changed.');
        if (text !== undefined) f.content = text;
        f.parents = unique;
        f.updated = rt.now;
        return fileView('update', f, args.fields);
      },
      /** files.copy(resource, fileId, optionalArgs?): the copy, by default in the original's folder. */
      copy: (resource: unknown, fileId: string, optionalArgs?: unknown) => {
        const args = begin('copy', 1500, optionalArgs);
        const r = checkResource('copy', resource, [...WRITABLE, 'parents', 'id']);
        const f = find('copy', fileId, true);
        if (f.mimeType === MIME_FOLDER) throw error('copy', 'This file cannot be copied by the user.');
        if (r.parents !== undefined && !Array.isArray(r.parents)) throw error('copy', 'Invalid value for parents');
        const parents = r.parents === undefined ? f.parents.slice() : (r.parents as unknown[]).map((p) => folder('copy', idOf(p)).id);
        if (parents.length > 1) throw error('copy', 'Increasing the number of parents is not allowed.');
        quotaForDocs('copy', f.mimeType);
        const copy = drive.add(
          {
            name: String(r.name ?? `Copy of ${f.name}`),
            mimeType: f.mimeType,
            parents,
            owner: ws.user,
            byApp: true,
            doc: f.doc ? f.doc.map((e) => ({ ...e, attributes: { ...e.attributes } })) : undefined,
            content: f.content,
          },
          rt.now,
        );
        return fileView('copy', copy, args.fields);
      },
      /** files.delete, called remove in Apps Script ("delete" is a reserved word): permanent. */
      remove: (fileId: string, optionalArgs?: unknown) => {
        begin('remove', 300, optionalArgs);
        const f = find('remove', fileId, false);
        if (f.id === drive.rootId(ws.user)) throw error('remove', 'The user does not have sufficient permissions for this file.');
        drive.delete(f.id);
      },
    },
    Permissions: {
      /**
       * permissions.create(resource, fileId, optionalArgs?): share a file or folder the add-on may
       * see (under drive.file, one it made) with one person. A folder's permission reaches the files in it.
       */
      create: (resource: unknown, fileId: string, optionalArgs?: unknown) => {
        rt.call('Drive', 'Permissions.create', 400, 'full');
        ws.requireScope('Drive.Permissions.create', SCOPES.create);
        const args = checkArgs(rt, (m) => permissionError(m), optionalArgs, {
          sendNotificationEmail: 'boolean',
          emailMessage: 'string',
          supportsAllDrives: 'boolean',
          fields: 'string',
        });
        void args;
        if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) throw rt.error('Invalid argument: resource');
        const r = resource as Record<string, unknown>;
        if (!['reader', 'commenter', 'writer'].includes(String(r.role))) throw permissionError('Invalid permission role.');
        if (r.type !== 'user') throw permissionError('The permission type is not modeled here: only "user".');
        const email = String(r.emailAddress ?? '')
          .trim()
          .toLowerCase();
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw permissionError('Invalid sharing request: the email address is not valid.');
        const f = find('permissions.create', String(fileId), false);
        if (f.owner !== ws.user) throw permissionError('The user does not have sufficient permissions for this file.');
        f.sharedWith = [...new Set([...(f.sharedWith ?? []), email])];
        return { kind: 'drive#permission', id: `perm-${email}`, type: 'user', role: String(r.role), emailAddress: email };
      },
    },
  };
}
