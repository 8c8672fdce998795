/**
 * The principal's email: one school's own numbers (small groups hidden), as plain text and HTML,
 * in an RFC 2822 message for the Gmail API. No student is named in it; the link opens the full
 * report in the spreadsheet, which only people with access to it can open.
 */
import { emailHtml, emailText } from './html';
import { ReportModel } from './model';
import { schoolDocument } from './tables';

export interface PrincipalEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The school has too few students for any figure to be shown. */
  hidden: boolean;
}

export function principalEmail(model: ReportModel, school: string, to: string, link: string): PrincipalEmail {
  const doc = schoolDocument(model, school, link);
  return {
    to,
    subject: `Attendance report for ${school}, ${model.dateLabel}`,
    text: emailText(doc, link),
    html: emailHtml(doc, link),
    hidden: doc.hidden,
  };
}

/** The message as RFC 2822 text; base64 encodes UTF-8 text (Utilities.base64Encode in Apps Script). */
export function mimeMessage(email: Pick<PrincipalEmail, 'to' | 'subject' | 'text' | 'html'>, base64: (text: string) => string): string {
  const boundary = 'attendance-report-boundary';
  const wrap = (b64: string) => b64.replace(/.{1,76}/g, '$&\r\n');
  // Header values cannot carry line breaks (no header injection from a school's name).
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');
  return [
    `To: ${oneLine(email.to)}`,
    `Subject: =?UTF-8?B?${base64(oneLine(email.subject))}?=`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap(base64(email.text)),
    `--${boundary}`,
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap(base64(email.html)),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
