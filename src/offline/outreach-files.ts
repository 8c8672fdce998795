/**
 * The offline run's outreach files, from the emulated Workspace: each merged Google Doc as a
 * .docx (Word and LibreOffice open it), each Gmail draft as an .eml (the RFC 2822 message the
 * Gmail API holds), and every follow-up in one .ics calendar file.
 */
import { Document, HeadingLevel, Packer, PageBreak, Paragraph, TextRun } from 'docx';
import { createEvents, EventAttributes } from 'ics';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CalendarPlugin, shownDescription } from '../emulator/calendar';
import { DocElementState, DrivePlugin, FileState, MIME } from '../emulator/drive';
import { GmailPlugin } from '../emulator/gmail';
import { pluginOf } from '../emulator/plugins';
import { Workspace } from '../emulator/workspace';

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 150);
}

function paragraphOf(e: DocElementState): Paragraph {
  if (e.pageBreak) return new Paragraph({ children: [new PageBreak()] });
  const size = typeof e.attributes.FONT_SIZE === 'number' ? (e.attributes.FONT_SIZE as number) * 2 : undefined;
  const color = typeof e.attributes.FOREGROUND_COLOR === 'string' ? String(e.attributes.FOREGROUND_COLOR).replace('#', '') : undefined;
  const heading =
    e.heading === 'TITLE'
      ? HeadingLevel.TITLE
      : e.heading === 'HEADING2'
        ? HeadingLevel.HEADING_2
        : e.heading === 'HEADING1'
          ? HeadingLevel.HEADING_1
          : undefined;
  return new Paragraph({
    heading,
    bullet: e.type === 'LIST_ITEM' ? { level: 0 } : undefined,
    // A little space after each paragraph, as Google Docs' letter templates read.
    spacing: e.type === 'LIST_ITEM' ? undefined : { after: 160 },
    children: [new TextRun({ text: e.text, size, color })],
  });
}

export async function docxOf(file: FileState): Promise<Buffer> {
  const doc = new Document({
    creator: 'Attendance Support Toolkit (offline run)',
    title: file.name,
    sections: [{ children: (file.doc ?? []).map(paragraphOf) }],
  });
  return Packer.toBuffer(doc);
}

/** The merged letters and call sheets (not the templates), live (not trashed). */
export function letterFiles(ws: Workspace): FileState[] {
  const drive = pluginOf(ws.plugins, DrivePlugin);
  const templates = new Set(drive.state.files.filter((f) => f.mimeType === MIME.folder && f.name === 'Templates').map((f) => f.id));
  return drive.filesOf(ws.user, MIME.document).filter((f) => f.byApp && !f.trashed && !f.parents.some((p) => templates.has(p)));
}

function localParts(dateTime: string): [number, number, number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(dateTime)!;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
}

export async function writeOutreachFiles(ws: Workspace, out: string): Promise<{ letters: number; drafts: number; events: number }> {
  const lettersDir = path.join(out, 'letters');
  const draftsDir = path.join(out, 'drafts');
  for (const d of [lettersDir, draftsDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  const files = letterFiles(ws);
  const used = new Set<string>();
  for (const f of files) {
    let name = safeName(f.name);
    while (used.has(name)) name += '_';
    used.add(name);
    writeFileSync(path.join(lettersDir, `${name}.docx`), await docxOf(f));
  }
  const drafts = pluginOf(ws.plugins, GmailPlugin).draftsOf(ws.user);
  drafts.forEach((d, i) => {
    writeFileSync(path.join(draftsDir, `draft-${String(i + 1).padStart(5, '0')}-${d.id}.eml`), Buffer.from(d.raw, 'base64url'));
  });
  const events = pluginOf(ws.plugins, CalendarPlugin).eventsOf(ws.user);
  const attrs: EventAttributes[] = events.map((e) => ({
    uid: `${e.id}@attendance-toolkit`,
    start: localParts(e.start.dateTime ?? `${e.start.date}T08:00`),
    startInputType: 'local',
    startOutputType: 'local',
    end: localParts(e.end.dateTime ?? `${e.end.date}T08:30`),
    endInputType: 'local',
    endOutputType: 'local',
    title: e.summary,
    // The description is HTML (as Calendar keeps it); an .ics holds its text.
    description: shownDescription(e.description).text,
    attendees: e.attendees.map((a) => ({ email: a.email, name: a.email, rsvp: true })),
    alarms: (e.reminders.overrides ?? []).map((r) => ({
      action: 'display' as const,
      description: e.summary,
      trigger: { minutes: r.minutes, before: true },
    })),
  }));
  const ics = attrs.length
    ? createEvents(attrs)
    : { error: null, value: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:attendance-toolkit\r\nEND:VCALENDAR\r\n' };
  if (ics.error) throw ics.error;
  writeFileSync(path.join(out, 'followups.ics'), ics.value ?? '');
  return { letters: files.length, drafts: drafts.length, events: events.length };
}
