/**
 * DocumentApp, emulated for what merging letters needs: create and openById, the Body's
 * paragraphs and list items, page breaks, copying elements from a template, in-place text edits
 * (Text.deleteText / insertText), Body.replaceText with RE2 patterns matched within each text
 * element, getText, and saveAndClose.
 *
 * Faithful where it bites:
 * - DocumentApp.create counts against the daily "documents created" quota (250 consumer, 1,500
 *   Workspace) and raises "Service invoked too many times for one day: docs create.";
 * - calls need FULL authorization and the documents scope (DocumentApp has no per-file scope);
 * - changes are saved by saveAndClose or when the script ends; after saveAndClose the Document
 *   cannot be used ("Document is closed, its contents cannot be updated.");
 * - when an execution is killed at the time limit, whether unsaved changes survive is not
 *   documented (unconfirmed). `onKill` picks the worst case to test: 'keep' leaves half-written
 *   pages in the document, 'discard' loses everything since the last save.
 * - a section's last paragraph cannot be removed; child indexes are checked.
 */
import { DocElementState, DrivePlugin, FileState, MIME } from './drive';
import { replaceInText, re2ToRegExp } from './re2';
import { Workspace, WorkspacePlugin } from './workspace';

const DOC_SCOPES = ['documents'];
const CLOSED = 'Document is closed, its contents cannot be updated.';
const MISSING = "Document is missing (perhaps it was deleted, or you don't have read access?)";

interface Handle {
  file: FileState;
  closed: boolean;
}

export class DocsPlugin implements WorkspacePlugin {
  readonly name = 'docs';
  /** What survives a killed execution's unsaved changes (see above). */
  onKill: 'keep' | 'discard' = 'keep';
  /** Documents changed since their last save in this execution, with their saved content. */
  private unsaved = new Map<string, DocElementState[]>();

  constructor(readonly drive: DrivePlugin) {}

  /** A document's text as Body.getText returns it (for tests and the offline run). */
  text(fileId: string): string {
    return (this.drive.file(fileId)?.doc ?? []).map((e) => e.text).join('\n');
  }

  endExecution(killed: boolean): void {
    if (killed && this.onKill === 'discard') {
      for (const [id, saved] of this.unsaved) {
        const f = this.drive.file(id);
        if (f?.doc) f.doc.splice(0, f.doc.length, ...saved);
      }
    }
    this.unsaved.clear();
  }

  globals(ws: Workspace): Record<string, unknown> {
    const rt = ws.rt;
    const A = 'DocumentApp';
    const drive = this.drive;
    const call = (method: string, ms: number, h?: Handle) => {
      rt.call(A, method, ms, 'full');
      ws.requireScope(`DocumentApp.${method.replace(/^\w+\./, '')}`, DOC_SCOPES);
      if (h?.closed) throw rt.error(CLOSED);
    };
    const touch = (h: Handle) => {
      const doc = h.file.doc!;
      if (!this.unsaved.has(h.file.id))
        this.unsaved.set(
          h.file.id,
          doc.map((e) => ({ ...e, attributes: { ...e.attributes } })),
        );
      h.file.updated = rt.now;
    };
    const err = (m: string) => rt.error(m);

    type Wrapped = Record<string, unknown> & { __state: DocElementState; __handle: Handle | null };

    const parentDoc = (e: DocElementState, h: Handle | null): DocElementState[] | null =>
      h && h.file.doc!.includes(e) ? h.file.doc! : null;

    const textObject = (e: DocElementState, h: Handle | null): Record<string, unknown> => {
      const edit = (method: string) => {
        call(`Text.${method}`, 5, h ?? undefined);
        if (h && parentDoc(e, h)) touch(h);
      };
      const t: Record<string, unknown> = {
        getType: () => 'TEXT',
        getText: () => (call('Text.getText', 2, h ?? undefined), e.text),
        setText: (text: string) => {
          edit('setText');
          e.text = String(text);
          return t;
        },
        appendText: (text: string) => {
          edit('appendText');
          e.text += String(text);
          return t;
        },
        deleteText: (start: number, endInclusive: number) => {
          edit('deleteText');
          if (!(start >= 0 && endInclusive >= start && endInclusive < e.text.length))
            throw err(`Index (${endInclusive}) must be less than the content length (${e.text.length}).`);
          e.text = e.text.slice(0, start) + e.text.slice(endInclusive + 1);
          return t;
        },
        insertText: (offset: number, text: string) => {
          edit('insertText');
          if (!(offset >= 0 && offset <= e.text.length))
            throw err(`Index (${offset}) must be less than or equal to the content length (${e.text.length}).`);
          e.text = e.text.slice(0, offset) + String(text) + e.text.slice(offset);
          return t;
        },
        replaceText: (pattern: string, replacement: string) => {
          edit('replaceText');
          e.text = replaceInText(e.text, String(pattern), String(replacement), err);
          return t;
        },
        setFontSize: (...a: unknown[]) => (edit('setFontSize'), (e.attributes.FONT_SIZE = a[a.length - 1]), t),
        setForegroundColor: (...a: unknown[]) => (edit('setForegroundColor'), (e.attributes.FOREGROUND_COLOR = a[a.length - 1]), t),
        setBold: (...a: unknown[]) => (edit('setBold'), (e.attributes.BOLD = a[a.length - 1]), t),
      };
      return t;
    };

    const elementObject = (e: DocElementState, h: Handle | null): Wrapped => {
      const kind = e.type === 'LIST_ITEM' ? 'ListItem' : 'Paragraph';
      const edit = (method: string) => {
        call(`${kind}.${method}`, 5, h ?? undefined);
        if (h && parentDoc(e, h)) touch(h);
      };
      const w: Wrapped = {
        getType: () => e.type,
        getText: () => (call(`${kind}.getText`, 3, h ?? undefined), e.text),
        setText: (text: string) => (edit('setText'), (e.text = String(text)), w),
        appendText: (text: string) => (edit('appendText'), (e.text += String(text)), textObject(e, h)),
        editAsText: () => (call(`${kind}.editAsText`, 2, h ?? undefined), textObject(e, h)),
        asText: () => (call(`${kind}.asText`, 1, h ?? undefined), textObject(e, h)),
        asParagraph: () => {
          call(`${kind}.asParagraph`, 1, h ?? undefined);
          if (e.type !== 'PARAGRAPH') throw err(`Cannot cast ${e.type} to PARAGRAPH.`);
          return w;
        },
        asListItem: () => {
          call(`${kind}.asListItem`, 1, h ?? undefined);
          if (e.type !== 'LIST_ITEM') throw err(`Cannot cast ${e.type} to LIST_ITEM.`);
          return w;
        },
        replaceText: (pattern: string, replacement: string) => {
          edit('replaceText');
          e.text = replaceInText(e.text, String(pattern), String(replacement), err);
          return w;
        },
        copy: () => {
          call(`${kind}.copy`, 2, h ?? undefined);
          return elementObject({ ...e, attributes: { ...e.attributes } }, null);
        },
        getHeading: () => (call(`${kind}.getHeading`, 2, h ?? undefined), e.heading),
        setHeading: (heading: string) => (edit('setHeading'), (e.heading = String(heading)), w),
        getAttributes: () => (call(`${kind}.getAttributes`, 2, h ?? undefined), { ...e.attributes }),
        setAttributes: (attrs: Record<string, unknown>) => (edit('setAttributes'), Object.assign(e.attributes, attrs), w),
        setGlyphType: (g: string) => (edit('setGlyphType'), (e.attributes.GLYPH_TYPE = g), w),
        getParent: () => (call(`${kind}.getParent`, 2, h ?? undefined), h && parentDoc(e, h) ? bodyObject(h) : null),
        removeFromParent: () => {
          edit('removeFromParent');
          const doc = h ? parentDoc(e, h) : null;
          if (!doc) return w;
          remove(doc, e);
          return w;
        },
        isAtDocumentEnd: () => (call(`${kind}.isAtDocumentEnd`, 2, h ?? undefined), !!h && h.file.doc![h.file.doc!.length - 1] === e),
        __state: e,
        __handle: h,
      };
      return w;
    };

    // A document section ends with a paragraph Docs keeps: removing the body's last element fails,
    // as does removing its only paragraph, whatever else it holds.
    const remove = (doc: DocElementState[], e: DocElementState) => {
      const paragraphs = doc.filter((x) => x.type === 'PARAGRAPH');
      if (e.type === 'PARAGRAPH' && paragraphs.length === 1) throw err("Can't remove the last paragraph in a document section.");
      if (doc[doc.length - 1] === e) throw err("Can't remove the last paragraph in a document section.");
      doc.splice(doc.indexOf(e), 1);
    };

    const newElement = (type: DocElementState['type'], text = ''): DocElementState => ({
      type,
      text,
      heading: 'NORMAL',
      pageBreak: false,
      attributes: {},
    });

    const bodyObject = (h: Handle): Record<string, unknown> => {
      const doc = () => h.file.doc!;
      const append = (method: string, type: DocElementState['type'], arg: unknown) => {
        call(`Body.${method}`, 10, h);
        let state: DocElementState;
        if (typeof arg === 'string' || arg === undefined) state = newElement(type, arg === undefined ? '' : String(arg));
        else {
          const w = arg as Wrapped;
          if (!w || !w.__state) throw err(`Invalid argument: ${type === 'LIST_ITEM' ? 'listItem' : 'paragraph'}`);
          if (w.__handle && parentDoc(w.__state, w.__handle)) throw err('Element must be detached.');
          if (w.__state.type !== type) throw err(`Invalid argument: ${type === 'LIST_ITEM' ? 'listItem' : 'paragraph'}`);
          state = w.__state;
        }
        touch(h);
        doc().push(state);
        return elementObject(state, h);
      };
      const body: Record<string, unknown> = {
        getType: () => 'BODY_SECTION',
        getText: () => {
          call('Body.getText', 20 + doc().reduce((n, e) => n + e.text.length, 0) * 0.0005, h);
          return doc()
            .map((e) => e.text)
            .join('\n');
        },
        appendParagraph: (p: unknown) => append('appendParagraph', 'PARAGRAPH', p),
        appendListItem: (li: unknown) => append('appendListItem', 'LIST_ITEM', li),
        appendPageBreak: () => {
          call('Body.appendPageBreak', 10, h);
          touch(h);
          const state = newElement('PARAGRAPH');
          state.pageBreak = true;
          doc().push(state);
          return { getType: () => 'PAGE_BREAK', getParent: () => elementObject(state, h) };
        },
        getNumChildren: () => (call('Body.getNumChildren', 5, h), doc().length),
        getChild: (i: number) => {
          call('Body.getChild', 5, h);
          if (!(i >= 0 && i < doc().length))
            throw err(`Child index (${i}) must be less than the number of child elements (${doc().length}).`);
          return elementObject(doc()[i], h);
        },
        getChildIndex: (child: Wrapped) => {
          call('Body.getChildIndex', 5, h);
          const i = doc().indexOf(child?.__state);
          if (i < 0) throw err('Element does not contain the specified child element.');
          return i;
        },
        removeChild: (child: Wrapped) => {
          call('Body.removeChild', 10, h);
          if (!child || doc().indexOf(child.__state) < 0) throw err('Element does not contain the specified child element.');
          touch(h);
          remove(doc(), child.__state);
          return body;
        },
        getParagraphs: () => {
          call('Body.getParagraphs', 20, h);
          return doc().map((e) => elementObject(e, h));
        },
        clear: () => {
          call('Body.clear', 20, h);
          touch(h);
          doc().splice(0, doc().length, newElement('PARAGRAPH'));
          return body;
        },
        replaceText: (pattern: string, replacement: string) => {
          call('Body.replaceText', 15 + doc().length * 0.05, h);
          re2ToRegExp(String(pattern), err);
          touch(h);
          for (const e of doc()) e.text = replaceInText(e.text, String(pattern), String(replacement), err);
          return body;
        },
        editAsText: () => {
          call('Body.editAsText', 2, h);
          throw err('Emulator: Body.editAsText is not emulated; edit paragraphs with Paragraph.editAsText().');
        },
      };
      return body;
    };

    const documentObject = (file: FileState): Record<string, unknown> => {
      const h: Handle = { file, closed: false };
      return {
        getId: () => (call('Document.getId', 1, h), file.id),
        getName: () => (call('Document.getName', 1, h), file.name),
        setName: (name: string) => (call('Document.setName', 200, h), (file.name = String(name)), undefined),
        getUrl: () => (call('Document.getUrl', 1, h), drive.url(file)),
        getBody: () => (call('Document.getBody', 20, h), bodyObject(h)),
        saveAndClose: () => {
          call('Document.saveAndClose', 300 + file.doc!.reduce((n, e) => n + e.text.length, 0) * 0.002, h);
          this.unsaved.delete(file.id);
          h.closed = true;
        },
      };
    };

    return {
      DocumentApp: {
        ElementType: {
          PARAGRAPH: 'PARAGRAPH',
          LIST_ITEM: 'LIST_ITEM',
          TEXT: 'TEXT',
          PAGE_BREAK: 'PAGE_BREAK',
          BODY_SECTION: 'BODY_SECTION',
          TABLE: 'TABLE',
        },
        ParagraphHeading: {
          NORMAL: 'NORMAL',
          TITLE: 'TITLE',
          SUBTITLE: 'SUBTITLE',
          HEADING1: 'HEADING1',
          HEADING2: 'HEADING2',
          HEADING3: 'HEADING3',
          HEADING4: 'HEADING4',
        },
        GlyphType: { BULLET: 'BULLET', NUMBER: 'NUMBER', SQUARE_BULLET: 'SQUARE_BULLET' },
        Attribute: { FONT_SIZE: 'FONT_SIZE', FOREGROUND_COLOR: 'FOREGROUND_COLOR', BOLD: 'BOLD', ITALIC: 'ITALIC' },
        create: (name: string) => {
          call('create', 1500);
          rt.useQuota('documentsCreated');
          return documentObject(drive.createDocument(ws, String(name), rt));
        },
        openById: (id: string) => {
          call('openById', 600);
          const f = drive.file(String(id));
          // Its owner, or someone it is shared with (DocumentApp has the full documents scope).
          if (!f || f.trashed || f.mimeType !== MIME.document || !drive.canOpen(f, ws.user)) throw err(MISSING);
          return documentObject(f);
        },
        openByUrl: (url: string) => {
          call('openByUrl', 600);
          const id = /\/d\/([A-Za-z0-9_-]+)/.exec(String(url))?.[1] ?? '';
          const f = drive.file(id);
          if (!f || f.trashed || f.mimeType !== MIME.document || f.owner !== ws.user) throw err(MISSING);
          return documentObject(f);
        },
      },
    };
  }
}
