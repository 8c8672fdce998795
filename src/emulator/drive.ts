/**
 * The user's Drive: files and folders (and, through the Docs plugin, the contents of Google Docs),
 * seen through two services that share them:
 * - the Drive advanced service (Drive API v3, `Drive.Files...`), in drive-api.ts: what the toolkit
 *   uses, because the Drive API documents the drive.file scope for its methods;
 * - DriveApp, below. Google's DriveApp reference lists only the full drive scope; whether DriveApp
 *   honours drive.file is not documented (unconfirmed). The emulator lets it run under drive.file
 *   with the Drive API's meaning of that scope, for tests of the emulator only: the toolkit does
 *   not use DriveApp.
 * DriveApp, faithful where it bites:
 * - File.makeCopy(), (name), (destination), (name, destination) return the new File;
 * - IDs that do not exist, or that the add-on may not open, fail with Drive's message;
 * - with only the drive.file scope in the manifest, the add-on sees just the files and folders it
 *   created itself (per-file access); with the full drive scope, everything;
 * - every call is counted and charged a typical latency; FULL authorization is required.
 */
import { createDriveApi } from './drive-api';
import { Runtime } from './runtime';
import { Workspace, WorkspacePlugin } from './workspace';

export const MIME = {
  folder: 'application/vnd.google-apps.folder',
  document: 'application/vnd.google-apps.document',
  text: 'text/plain',
} as const;

/** A paragraph-level element of a Google Doc (the Docs plugin works on these). */
export interface DocElementState {
  type: 'PARAGRAPH' | 'LIST_ITEM';
  text: string;
  /** ParagraphHeading name: NORMAL, TITLE, HEADING1 ... */
  heading: string;
  /** The paragraph holds a page break (Body.appendPageBreak). */
  pageBreak: boolean;
  attributes: Record<string, unknown>;
}

export interface FileState {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  owner: string;
  /** Made by the add-on (visible to it under drive.file). */
  byApp: boolean;
  trashed: boolean;
  created: number;
  updated: number;
  /** Body of a Google Doc. */
  doc?: DocElementState[];
  /** Content of a plain file. */
  content?: string;
  /** Shared with these people (lower case), by a permission on it or, for its files, on a folder. */
  sharedWith?: string[];
}

export interface DriveState {
  files: FileState[];
  nextId: number;
}

const NOT_FOUND = 'No item with the given ID could be found, or you do not have permission to access it.';
const DRIVE_SCOPES = ['drive', 'drive.file'];

export class DrivePlugin implements WorkspacePlugin {
  readonly name = 'drive';
  state: DriveState = { files: [], nextId: 1 };
  private byId = new Map<string, FileState>();
  ws: Workspace | null = null;

  newId(prefix: string): string {
    // Drive IDs are long URL-safe strings; these are stable and readable.
    return `${prefix}${(this.state.nextId++).toString(36).padStart(8, '0')}x${'A'.repeat(20)}`.slice(0, 33);
  }

  file(id: string): FileState | undefined {
    return this.byId.get(id);
  }

  /** Files of a user (for tests and the offline run), optionally of one MIME type. */
  filesOf(owner: string, mimeType?: string): FileState[] {
    return this.state.files.filter((f) => f.owner === owner && (!mimeType || f.mimeType === mimeType));
  }

  add(f: Omit<FileState, 'id' | 'created' | 'updated' | 'trashed'> & { id?: string }, now: number): FileState {
    const file: FileState = {
      trashed: false,
      created: now,
      updated: now,
      ...f,
      id: f.id ?? this.newId(f.mimeType === MIME.folder ? 'F' : '1'),
    };
    this.state.files.push(file);
    this.byId.set(file.id, file);
    return file;
  }

  /** Delete a file for good (a folder with everything in it). */
  delete(id: string): void {
    const gone = new Set([id]);
    for (let grew = true; grew;) {
      grew = false;
      for (const f of this.state.files)
        if (!gone.has(f.id) && f.parents.some((p) => gone.has(p))) {
          gone.add(f.id);
          grew = true;
        }
    }
    this.state.files = this.state.files.filter((f) => !gone.has(f.id));
    for (const g of gone) this.byId.delete(g);
  }

  rootId(user: string): string {
    return `root-${user}`;
  }

  /**
   * Whether a person may open a file: its owner, or someone it is shared with, directly or by a
   * folder it is in (Drive's permissions are inherited by a folder's files).
   */
  canOpen(f: FileState, user: string): boolean {
    const who = user.toLowerCase();
    if (f.owner === user) return true;
    for (let at: FileState | undefined = f, depth = 0; at && depth < 50; at = this.byId.get(at.parents[0] ?? ''), depth++)
      if (at.sharedWith?.includes(who)) return true;
    return false;
  }

  /** Whether the add-on may see a file under the manifest's scopes. */
  visible(f: FileState, ws: Workspace): boolean {
    if (f.owner !== ws.user) return false;
    if (ws.scopes === null || ws.scopes.includes('https://www.googleapis.com/auth/drive')) return true;
    return f.byApp || f.id === this.rootId(ws.user);
  }

  ensureRoot(ws: Workspace): FileState {
    const id = this.rootId(ws.user);
    return (
      this.byId.get(id) ?? this.add({ id, name: 'My Drive', mimeType: MIME.folder, parents: [], owner: ws.user, byApp: false }, ws.rt.now)
    );
  }

  url(f: FileState): string {
    if (f.mimeType === MIME.folder) return `https://drive.google.com/drive/folders/${f.id}`;
    if (f.mimeType === MIME.document) return `https://docs.google.com/document/d/${f.id}/edit`;
    return `https://drive.google.com/file/d/${f.id}/view`;
  }

  globals(ws: Workspace): Record<string, unknown> {
    this.ws = ws;
    const rt = ws.rt;
    const D = 'DriveApp';
    const call = (method: string, ms: number) => {
      rt.call(D, method, ms, 'full');
      ws.requireScope(`DriveApp.${method.replace(/^\w+\./, '')}`, DRIVE_SCOPES);
    };
    const get = (id: string): FileState => {
      const f = this.byId.get(String(id));
      if (!f || !this.visible(f, ws)) throw rt.error(NOT_FOUND);
      return f;
    };
    const iterator = <T>(items: T[]) => {
      let i = 0;
      return {
        hasNext: () => (rt.call(D, 'Iterator.hasNext', 1, 'full'), i < items.length),
        next: () => {
          rt.call(D, 'Iterator.next', 40, 'full');
          if (i >= items.length) throw rt.error('Cannot retrieve the next object: iterator has reached the end.');
          return items[i++];
        },
        getContinuationToken: () => String(i),
      };
    };
    const children = (folderId: string, pred: (f: FileState) => boolean) =>
      this.state.files.filter((f) => !f.trashed && f.parents.includes(folderId) && this.visible(f, ws) && pred(f));

    const folderObject = (f: FileState): Record<string, unknown> => ({
      ...common(f),
      createFolder: (name: string) => {
        call('Folder.createFolder', 500);
        return folderObject(this.add({ name: String(name), mimeType: MIME.folder, parents: [f.id], owner: ws.user, byApp: true }, rt.now));
      },
      createFile: (name: string, content: string, mimeType: string = MIME.text) => {
        call('Folder.createFile', 600);
        return fileObject(
          this.add({ name: String(name), mimeType, parents: [f.id], owner: ws.user, byApp: true, content: String(content) }, rt.now),
        );
      },
      getFilesByName: (name: string) => {
        call('Folder.getFilesByName', 300);
        return iterator(children(f.id, (c) => c.mimeType !== MIME.folder && c.name === String(name)).map(fileObject));
      },
      getFoldersByName: (name: string) => {
        call('Folder.getFoldersByName', 300);
        return iterator(children(f.id, (c) => c.mimeType === MIME.folder && c.name === String(name)).map(folderObject));
      },
      getFiles: () => {
        call('Folder.getFiles', 300);
        return iterator(children(f.id, (c) => c.mimeType !== MIME.folder).map(fileObject));
      },
      getFolders: () => {
        call('Folder.getFolders', 300);
        return iterator(children(f.id, (c) => c.mimeType === MIME.folder).map(folderObject));
      },
      __folder: f,
    });

    const common = (f: FileState) => ({
      getId: () => (rt.call(D, 'File.getId', 1, 'full'), f.id),
      getName: () => (rt.call(D, 'File.getName', 1, 'full'), f.name),
      getUrl: () => (rt.call(D, 'File.getUrl', 1, 'full'), this.url(f)),
      getDateCreated: () => (rt.call(D, 'File.getDateCreated', 1, 'full'), ws.makeDate(f.created)),
      getLastUpdated: () => (rt.call(D, 'File.getLastUpdated', 1, 'full'), ws.makeDate(f.updated)),
      getParents: () => {
        call('File.getParents', 200);
        return iterator(
          f.parents
            .map((p) => this.byId.get(p))
            .filter((p): p is FileState => !!p && this.visible(p, ws))
            .map(folderObject),
        );
      },
      setName: (name: string) => {
        call('File.setName', 300);
        f.name = String(name);
        f.updated = rt.now;
        return f.mimeType === MIME.folder ? folderObject(f) : fileObject(f);
      },
      isTrashed: () => (rt.call(D, 'File.isTrashed', 1, 'full'), f.trashed),
      setTrashed: (trashed: boolean) => {
        call('File.setTrashed', 300);
        f.trashed = !!trashed;
        return f.mimeType === MIME.folder ? folderObject(f) : fileObject(f);
      },
      moveTo: (destination: { __folder?: FileState }) => {
        call('File.moveTo', 400);
        const dest = destination?.__folder;
        if (!dest) throw rt.error('Invalid argument: destination');
        f.parents = [dest.id];
        f.updated = rt.now;
        return f.mimeType === MIME.folder ? folderObject(f) : fileObject(f);
      },
    });

    const fileObject = (f: FileState): Record<string, unknown> => ({
      ...common(f),
      getMimeType: () => (rt.call(D, 'File.getMimeType', 1, 'full'), f.mimeType),
      /** makeCopy(), makeCopy(name), makeCopy(destination), makeCopy(name, destination): the new File. */
      makeCopy: (a?: string | { __folder?: FileState }, b?: { __folder?: FileState }) => {
        call('File.makeCopy', 1500);
        let name = `Copy of ${f.name}`;
        let parents = f.parents.slice();
        if (typeof a === 'string') name = a;
        else if (a && a.__folder) parents = [a.__folder.id];
        else if (a !== undefined) throw rt.error('Invalid argument: destination');
        if (b !== undefined) {
          if (!b || !b.__folder) throw rt.error('Invalid argument: destination');
          parents = [b.__folder.id];
        }
        // Copying a Google Doc makes a document (counted, conservatively, against the documents quota: unconfirmed).
        if (f.mimeType === MIME.document) rt.useQuota('documentsCreated');
        const copy = this.add(
          {
            name,
            mimeType: f.mimeType,
            parents,
            owner: ws.user,
            byApp: true,
            doc: f.doc ? f.doc.map((e) => ({ ...e, attributes: { ...e.attributes } })) : undefined,
            content: f.content,
          },
          rt.now,
        );
        return fileObject(copy);
      },
      getBlob: () => {
        call('File.getBlob', 300);
        throw rt.error('Emulator: File.getBlob is not emulated');
      },
    });

    return {
      DriveApp: {
        getRootFolder: () => {
          call('getRootFolder', 150);
          return folderObject(this.ensureRoot(ws));
        },
        createFolder: (name: string) => {
          call('createFolder', 500);
          const root = this.ensureRoot(ws);
          return folderObject(
            this.add({ name: String(name), mimeType: MIME.folder, parents: [root.id], owner: ws.user, byApp: true }, rt.now),
          );
        },
        createFile: (name: string, content: string, mimeType: string = MIME.text) => {
          call('createFile', 600);
          const root = this.ensureRoot(ws);
          return fileObject(
            this.add({ name: String(name), mimeType, parents: [root.id], owner: ws.user, byApp: true, content: String(content) }, rt.now),
          );
        },
        getFileById: (id: string) => {
          call('getFileById', 150);
          const f = get(id);
          if (f.mimeType === MIME.folder) throw rt.error(NOT_FOUND);
          return fileObject(f);
        },
        getFolderById: (id: string) => {
          call('getFolderById', 150);
          const f = String(id) === this.rootId(ws.user) ? this.ensureRoot(ws) : get(id);
          if (f.mimeType !== MIME.folder) throw rt.error(NOT_FOUND);
          return folderObject(f);
        },
        getFilesByName: (name: string) => {
          call('getFilesByName', 300);
          return iterator(
            this.state.files
              .filter((f) => !f.trashed && f.mimeType !== MIME.folder && f.name === String(name) && this.visible(f, ws))
              .map(fileObject),
          );
        },
        getFoldersByName: (name: string) => {
          call('getFoldersByName', 300);
          return iterator(
            this.state.files
              .filter((f) => !f.trashed && f.mimeType === MIME.folder && f.name === String(name) && this.visible(f, ws))
              .map(folderObject),
          );
        },
      },
      MimeType: { GOOGLE_DOCS: MIME.document, FOLDER: MIME.folder, PLAIN_TEXT: MIME.text },
      Drive: createDriveApi(this, ws),
    };
  }

  /** A document created by DocumentApp.create: a file in the root of My Drive. */
  createDocument(ws: Workspace, name: string, rt: Runtime): FileState {
    const root = this.ensureRoot(ws);
    return this.add(
      {
        name,
        mimeType: MIME.document,
        parents: [root.id],
        owner: ws.user,
        byApp: true,
        doc: [{ type: 'PARAGRAPH', text: '', heading: 'NORMAL', pageBreak: false, attributes: {} }],
      },
      rt.now,
    );
  }

  snapshot(): DriveState {
    return this.state;
  }

  restore(state: unknown): void {
    this.state = state as DriveState;
    this.byId = new Map(this.state.files.map((f) => [f.id, f]));
  }
}
