/**
 * Google Docs and Drive for outreach: the toolkit's folders, the default template documents,
 * reading a team's template, and merging letters in batches (one document per school and kind
 * per run, a page break between students), with what an interrupted run needs to finish the job
 * without a page twice or half a page: every page ends with a reference line, and a document is
 * trimmed back to its last complete page before more pages are added.
 *
 * Drive work goes through the Drive advanced service (Drive API v3), whose reference lists the
 * per-file drive.file scope the add-on asks for ("files created or opened by the app"); DriveApp's
 * reference lists only the full drive scope. Documents are made by Drive too, in their folder, so
 * they are surely the add-on's own files (whether drive.file covers a file DocumentApp.create made
 * is not documented); their bodies are written with DocumentApp (the documents scope). A folder
 * here is its Drive file ID.
 */
import { Fields, mergeEdits, mergesToNothing, mergeText } from '../core/outreach/merge';
import { PlanItem } from '../core/outreach/plan';
import {
  DEFAULT_TEMPLATES,
  DefaultTemplate,
  emailBodyFromParagraphs,
  ParagraphStyle,
  splitEmailTemplate,
  templateDocName,
  TemplateParagraph,
  templateText,
  defaultTemplate,
} from '../core/outreach/templates';
import { OutreachKind, TierId } from '../core/rules';
import { currentUser } from './session';
import { UserError } from './user-errors';

/** A Drive folder, by its file ID. */
export type FolderId = string;
type Body = GoogleAppsScript.Document.Body;
type Doc = GoogleAppsScript.Document.Document;
type Para = GoogleAppsScript.Document.Paragraph | GoogleAppsScript.Document.ListItem;

export const ROOT_FOLDER = 'Attendance Toolkit';
export const TEMPLATES_FOLDER = 'Templates';
/**
 * Every merged page ends with this line, then the item's key: how a resumed run knows which pages
 * are complete. "Ref." reads the same in English and Spanish letters; pages an earlier version
 * made end with "Reference: " and are still recognized.
 */
export const REFERENCE = 'Ref. ';
const EARLIER_REFERENCE = 'Reference: ';

/** The key of a page's reference line, or null when the line is not one. */
function referenceKey(line: string): string | null {
  for (const prefix of [REFERENCE, EARLIER_REFERENCE]) if (line.startsWith(prefix)) return line.slice(prefix.length).trim();
  return null;
}
const ROOT_KEY = 'toolkit.outreach.folder';
const FOLDER_MIME = 'application/vnd.google-apps.folder';
const DOC_MIME = 'application/vnd.google-apps.document';

function files(): GoogleAppsScript.Drive_v3.Drive.V3.Collection.FilesCollection {
  return Drive!.Files!;
}

/** A string in a Drive query: quoted, with \ and ' escaped (Drive's "Search query terms"). */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The first file (not in the trash) of that name in a folder, folders or not. */
function childNamed(parent: FolderId, name: string, folder: boolean): string | null {
  const page = files().list({
    q: `${quoted(parent)} in parents and name = ${quoted(name)} and mimeType ${folder ? '=' : '!='} '${FOLDER_MIME}' and trashed = false`,
    fields: 'files(id)',
    pageSize: 1,
  });
  return page.files?.[0]?.id ?? null;
}

/** A folder by name under a parent, made if missing (looked up first, so an interrupted run never makes two). */
export function folderNamed(parent: FolderId, name: string): FolderId {
  const found = childNamed(parent, name, true);
  if (found) return found;
  return String(files().create({ name, mimeType: FOLDER_MIME, parents: [parent] }).id);
}

/** Whether a folder the toolkit made is still there (not deleted, not in the trash). */
export function folderExists(id: FolderId): boolean {
  try {
    const f = files().get(id, { fields: 'id,mimeType,trashed' });
    return f.mimeType === FOLDER_MIME && !f.trashed;
  } catch {
    // Deleted for good, or no longer the add-on's to see.
    return false;
  }
}

/** The toolkit's folder in My Drive. Its ID is kept in the document properties. */
export function rootFolder(): FolderId {
  const props = PropertiesService.getDocumentProperties();
  const id = props.getProperty(ROOT_KEY);
  if (id && folderExists(id)) return id;
  const folder = folderNamed('root', ROOT_FOLDER);
  props.setProperty(ROOT_KEY, folder);
  return folder;
}

function fileNamed(folder: FolderId, name: string): string | null {
  return childNamed(folder, name, false);
}

/**
 * A new, empty Google Doc in a folder, made through Drive (so it is the add-on's own file under
 * drive.file, in its folder from the start); its body is then written with DocumentApp.
 */
function newDocument(name: string, folder: FolderId): string {
  return String(files().create({ name, mimeType: DOC_MIME, parents: [folder] }).id);
}

/** Move a file the toolkit made to the trash. */
function trash(fileId: string): void {
  files().update({ trashed: true }, fileId);
}

function styleParagraph(p: Para, style: ParagraphStyle | undefined): void {
  if (style === 'title') p.setHeading(DocumentApp.ParagraphHeading.TITLE);
  else if (style === 'heading') p.setHeading(DocumentApp.ParagraphHeading.HEADING2);
}

function appendSpec(body: Body, paragraphs: readonly TemplateParagraph[], fields: Fields | null): void {
  for (const p of paragraphs) {
    // A paragraph whose only sentence is withheld (see SENTENCE_FIELDS) is left out, not left empty.
    if (fields && mergesToNothing(p.text, fields)) continue;
    const text = fields ? mergeText(p.text, fields) : p.text;
    const el = p.style === 'list' ? body.appendListItem(text) : body.appendParagraph(text);
    styleParagraph(el, p.style);
  }
}

/**
 * The Templates folder shared with the spreadsheet's editors and owner: the templates are made in
 * one person's Drive, and whoever prepares outreach must open them (a folder's sharing reaches the
 * documents in it). No email is sent. Someone added to the spreadsheet later gets them when the
 * person who made them runs Set up... again. Returns the addresses Drive refused (outside the
 * domain, say).
 */
export function shareTemplatesFolder(folder: FolderId): string[] {
  // Best effort: a sharing problem must never stop Set up or outreach (the message on opening a
  // template says how to get access).
  let people: string[];
  try {
    const me = currentUser().toLowerCase();
    people = [
      ...new Set(
        SpreadsheetApp.getActiveSpreadsheet()
          .getEditors()
          .map((u) => String(u.getEmail() || '').toLowerCase())
          .filter((e) => e !== '' && e !== me),
      ),
    ];
  } catch {
    return ["the spreadsheet's editors (they could not be listed)"];
  }
  const refused: string[] = [];
  for (const email of people) {
    try {
      Drive!.Permissions!.create({ role: 'writer', type: 'user', emailAddress: email }, folder, { sendNotificationEmail: false });
    } catch {
      refused.push(email);
    }
  }
  return refused;
}

/**
 * Set up..., run again: the folders of the listed templates that this person made are shared again
 * with the spreadsheet's editors (someone added since gets them). Templates made by someone else
 * are not this person's to share, nor seen (drive.file).
 */
export function reshareTemplates(docIds: readonly string[]): string[] {
  const parents = new Set<string>();
  for (const id of new Set(docIds.filter(Boolean))) {
    try {
      const parent = files().get(id, { fields: 'id,parents' }).parents?.[0];
      if (parent) parents.add(parent);
    } catch {
      // Not this person's (or gone): nothing of theirs to share.
    }
  }
  // Only a Templates folder: a template moved elsewhere (up into the toolkit's folder, with every
  // letter below it) must never take that folder's sharing with it. Each folder is looked at once.
  const named = (folder: string) => {
    try {
      return files().get(folder, { fields: 'id,name' }).name === TEMPLATES_FOLDER;
    } catch {
      return false;
    }
  };
  return [...parents].filter(named).flatMap((folder) => shareTemplatesFolder(folder));
}

/** The folder of the default template documents in this person's toolkit folder. */
export function templatesFolder(): FolderId {
  return folderNamed(rootFolder(), TEMPLATES_FOLDER);
}

/** The default templates (all, or those given) as documents in the toolkit's Templates folder; returns their IDs. */
export function createDefaultTemplateDocs(templates: readonly DefaultTemplate[] = DEFAULT_TEMPLATES): Map<DefaultTemplate, string> {
  const folder = templatesFolder();
  const ids = new Map<DefaultTemplate, string>();
  for (const t of templates) {
    const name = templateDocName(t);
    const id = fileNamed(folder, name) ?? newDocument(name, folder);
    const doc = DocumentApp.openById(id);
    const body = doc.getBody();
    // A new document, or one an interrupted run made but did not fill: write the toolkit's wording.
    if (body.getText().trim() === '') {
      appendSpec(body, t.paragraphs, null);
      body.getChild(0).removeFromParent();
    }
    doc.saveAndClose();
    ids.set(t, id);
  }
  return ids;
}

/** The default templates made (see createDefaultTemplateDocs) and shared; returns who could not be given access. */
export function createSharedTemplateDocs(): { ids: Map<DefaultTemplate, string>; refused: string[] } {
  const ids = createDefaultTemplateDocs();
  return { ids, refused: shareTemplatesFolder(templatesFolder()) };
}

interface TemplateElement {
  element: Para;
  type: 'PARAGRAPH' | 'LIST_ITEM';
  text: string;
}

/** A template ready to merge: its text (for previews, checks and emails) and a way to append a merged copy. */
export interface LoadedTemplate {
  text: string;
  appendTo(body: Body, fields: Fields): void;
}

/** Templates opened once per execution. */
export class Templates {
  private cache = new Map<string, LoadedTemplate>();

  get(templateId: string, tier: TierId, kind: OutreachKind, language: string): LoadedTemplate {
    const cacheKey = templateId || `${tier}|${kind}|${language}`;
    let t = this.cache.get(cacheKey);
    if (!t) {
      t = templateId ? this.open(templateId) : this.builtIn(tier, kind, language);
      this.cache.set(cacheKey, t);
    }
    return t;
  }

  private builtIn(tier: TierId, kind: OutreachKind, language: string): LoadedTemplate {
    const spec = defaultTemplate(tier, kind, language) ?? defaultTemplate(tier, kind, 'English');
    if (!spec) throw new UserError(`The toolkit has no ${kind} wording for ${tier}.`);
    return { text: templateText(spec), appendTo: (body, fields) => appendSpec(body, spec.paragraphs, fields) };
  }

  private open(id: string): LoadedTemplate {
    let doc: Doc;
    try {
      doc = DocumentApp.openById(id);
    } catch {
      throw new UserError(
        `A template document (ID ${id}) cannot be opened: it may have been deleted or not shared with you. The toolkit's own templates are shared with the people the spreadsheet is shared with by name, when they are made and again when the person who made them runs Attendance Toolkit > Set up...; if you have the spreadsheet by a link or a group, ask that person to share the folder "Attendance Toolkit/Templates" with you in Drive. A team's own document must be shared by its owner. Or fix its row on the Templates sheet.`,
      );
    }
    const body = doc.getBody();
    const elements: TemplateElement[] = [];
    const n = body.getNumChildren();
    for (let i = 0; i < n; i++) {
      const child = body.getChild(i);
      const type = String(child.getType());
      if (type !== 'PARAGRAPH' && type !== 'LIST_ITEM') {
        throw new UserError(
          `The template document "${doc.getName()}" contains a table or an image; the toolkit merges paragraphs and lists only. Remove it or use another document.`,
        );
      }
      const el = type === 'LIST_ITEM' ? child.asListItem() : child.asParagraph();
      elements.push({ element: el, type: type as TemplateElement['type'], text: el.getText() });
    }
    return {
      text: elements.map((e) => e.text).join('\n'),
      appendTo: (target, fields) => {
        for (const e of elements) {
          if (mergesToNothing(e.text, fields)) continue;
          const copy = e.element.copy();
          const added: Para =
            e.type === 'LIST_ITEM'
              ? target.appendListItem(copy as GoogleAppsScript.Document.ListItem)
              : target.appendParagraph(copy as GoogleAppsScript.Document.Paragraph);
          const edits = mergeEdits(e.text, fields);
          if (edits.length === 0) continue;
          const text = added.editAsText();
          for (const ed of edits) {
            text.deleteText(ed.start, ed.end - 1);
            if (ed.value !== '') text.insertText(ed.start, ed.value);
          }
        }
      },
    };
  }
}

/** The subject and body of an email template, merged. */
export function mergeEmail(t: LoadedTemplate, fields: Fields): { subject: string; body: string } {
  const { subject, body } = splitEmailTemplate(t.text);
  // A paragraph left out entirely (a withheld sentence alone in it) leaves no blank lines behind.
  const merged = mergeText(emailBodyFromParagraphs(body), fields)
    .replace(/\n[ \t]*\n([ \t]*\n)+/g, '\n\n')
    .trim();
  return { subject: mergeText(subject, fields), body: merged };
}

/** Merges pages into one document per group (school and kind), or one document per student. */
export class LetterWriter {
  private doc: Doc | null = null;
  private body: Body | null = null;
  private group = '';
  private url = '';
  private emptyStart = false;
  private pages = 0;

  constructor(
    private folder: FolderId,
    /** Remembers the open document of a group, so a resumed run continues it. */
    private remember: (group: string, id: string) => void,
    private remembered: () => { group: string; id: string } | null,
  ) {}

  /** Open (or make) the document for an item's group. */
  open(group: string, name: string): void {
    if (this.doc && this.group === group) return;
    this.close();
    const known = this.remembered();
    let id = known && known.group === group ? known.id : '';
    let doc = id ? openIfThere(id) : null;
    // The remembered document is gone (deleted in Drive between runs): the group's file by name, or a new one.
    if (!doc) {
      id = fileNamed(this.folder, name) ?? '';
      doc = id ? openIfThere(id) : null;
    }
    if (!doc) {
      id = newDocument(name, this.folder);
      this.remember(group, id);
      doc = DocumentApp.openById(id);
    }
    if (!known || known.id !== id) this.remember(group, id);
    this.doc = doc;
    this.body = doc.getBody();
    this.group = group;
    this.url = doc.getUrl();
    this.pages = 0;
    this.emptyStart = this.body.getNumChildren() === 1 && this.body.getChild(0).asText().getText() === '';
  }

  /** Append one student's page; returns the document's link. */
  addPage(item: PlanItem, template: LoadedTemplate): string {
    const body = this.body!;
    if (!this.emptyStart || this.pages > 0) body.appendPageBreak();
    template.appendTo(body, item.fields);
    const ref = body.appendParagraph(REFERENCE + item.key);
    ref.setAttributes({ [DocumentApp.Attribute.FONT_SIZE]: 8, [DocumentApp.Attribute.FOREGROUND_COLOR]: '#80868b' });
    if (this.emptyStart && this.pages === 0) body.getChild(0).removeFromParent();
    this.pages++;
    return this.url;
  }

  /** Save the open document (pending changes are written). */
  close(): void {
    if (this.doc) this.doc.saveAndClose();
    this.doc = null;
    this.body = null;
    this.group = '';
  }
}

/** A document by ID, or null when it cannot be opened (deleted, or no longer shared with this user). */
function openIfThere(id: string): Doc | null {
  try {
    return DocumentApp.openById(id);
  } catch {
    return null;
  }
}

/**
 * After an interrupted run: which of these keys have a complete page in the group's document, with
 * anything after the last complete page removed (a half-written page is never left).
 * Returns the document's link and the keys found; null when the document was never made.
 */
export function recoverLetters(
  folder: FolderId,
  group: string,
  name: string,
  known: { group: string; id: string } | null,
): { url: string; keys: Set<string>; id: string } | null {
  let id = known && known.group === group ? known.id : '';
  let doc = id ? openIfThere(id) : null;
  if (!doc) {
    id = fileNamed(folder, name) ?? '';
    doc = id ? openIfThere(id) : null;
  }
  // Never made, or deleted in Drive since: its pages not yet logged are made again.
  if (!doc) return null;
  const body = doc.getBody();
  const keys = new Set<string>();
  for (const line of body.getText().split('\n')) {
    const key = referenceKey(line);
    if (key !== null) keys.add(key);
  }
  if (keys.size === 0) {
    // Nothing complete in it: start the document again.
    doc.saveAndClose();
    trash(id);
    return null;
  }
  // Docs refuses to remove a section's last paragraph ("Can't remove the last paragraph in a
  // document section"), so an empty one goes at the end first and stays: the half-written page
  // before it is removed element by element.
  body.appendParagraph('');
  for (let i = body.getNumChildren() - 2; i > 0; i--) {
    const child = body.getChild(i);
    if (referenceKey(child.asText().getText()) !== null) break;
    body.removeChild(child);
  }
  const url = doc.getUrl();
  doc.saveAndClose();
  return { url, keys, id };
}

/** Per-student files: a document named for the student, complete only if it ends with its reference line. */
export function recoverStudentFile(folder: FolderId, name: string, key: string): string | null {
  const file = fileNamed(folder, name);
  const doc = file ? openIfThere(file) : null;
  if (!file || !doc) return null;
  const complete = doc
    .getBody()
    .getText()
    .split('\n')
    .some((l) => referenceKey(l) === key);
  const url = doc.getUrl();
  doc.saveAndClose();
  if (complete) return url;
  trash(file);
  return null;
}
