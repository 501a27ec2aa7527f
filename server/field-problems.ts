import { InvalidError } from './errors.ts';

/**
 * A problem with one field, in the same shape wherever it is found: request validation (Ajv), the domain's own checks
 * and the rows of an import. `code` and `params` let the console say it in the reader's language (web i18n keys
 * `problem.<code>`); `message` is the English sentence for API clients and logs.
 *
 * Codes that mean what an Ajv keyword means reuse the keyword (`maxLength` with `limit`, `enum`…), so a form shows a
 * schema refusal and a domain refusal in the same words.
 */
export interface FieldProblem {
  field: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

type Params = Record<string, string | number>;

const ENGLISH = {
  required: () => 'is required',
  maxLength: (p: Params) => `must be at most ${p.limit} characters`,
  enum: (p: Params) => `must be one of ${p.allowedValues}`,
  codeFormat: (p: Params) => `must be 1–64 letters, digits or ${p.allowed} and start with a letter or digit`,
  ipAddress: () => 'must be an IPv4 or IPv6 address',
  calendarDate: () => 'must be a date as YYYY-MM-DD',
  timeZone: (p: Params) => `${p.value} is not an IANA time zone (e.g. Asia/Shanghai)`,
  cursor: () => 'not a cursor from this list',
  rangeOrder: () => 'must be before to',
  rangeTooLong: (p: Params) => `range longer than ${p.days} days`,
  notZero: () => 'must not be zero',
  unknownSite: (p: Params) => `unknown site ${p.site}`,
  unknownDevice: (p: Params) => `unknown device ${p.device}`,
  siteNotReported: (p: Params) => `is required: the device reported no known site${p.reported ? ` (it said ${p.reported})` : ''}`,
  invalidJson: (p: Params) => `is not valid JSON: ${p.detail}`,
  tooDeep: (p: Params) => `nests deeper than ${p.limit} levels`,
  nulCharacter: () => 'must not contain the NUL character (U+0000)',
  tooManyBytes: (p: Params) => `is ${p.bytes} bytes; at most ${p.limit} (${Number(p.limit) / 1024} KiB) are kept`,
  future: () => 'must be in the future',
  weekday: (p: Params) => `is not a weekday: use ${p.allowed}`,
  timeRanges: () => 'must be a list of ["HH:MM", "HH:MM"] ranges',
  timeRange: () => 'must be ["HH:MM", "HH:MM"] (00:00–24:00)',
  timeRangeOrder: (p: Params) => `starts at ${p.start}, which is not before its end ${p.end}`,
  timeRangeOverlap: (p: Params) => `${p.first} and ${p.second} overlap`,
  // imports
  columnRepeated: (p: Params) => `two columns hold ${p.field}: "${p.first}" and "${p.second}"`,
  columnMissing: (p: Params) => `the column ${p.field}${p.label ? ` (${p.label})` : ''} is missing`,
  codeRepeated: (p: Params) => `${p.code} already appears on line ${p.line}`,
  siteNotYours: (p: Params) => `${p.code} is not one of your sites (only a user who sees every site can add sites)`,
  codeOutsideScope: (p: Params) => `${p.code} is in use by a device outside your sites`,
  upstreamSelf: () => 'a device cannot hang off itself',
  upstreamLater: (p: Params) => `${p.upstream} is on a later line (${p.line}): list upstream devices first`,
  upstreamLoop: (p: Params) => `would make a loop: ${p.path}`,
  // files that cannot be read at all (IMPORT_UNREADABLE), field "file"
  fileUnreadable: (p: Params) => `${p.detail}`,
  fileEmpty: () => 'it is empty',
  bodyMissing: () => 'send the file itself as the request body',
  csvQuoteNotClosed: (p: Params) => `the quote opened on line ${p.line} is never closed`,
  csvMalformed: (p: Params) => `${p.detail} (line ${p.line})`,
  xlsNotAccepted: () => 'Excel 97–2003 (.xls) files are not accepted: save it as .xlsx or CSV',
  xlsxUnusable: (p: Params) => `not a usable XLSX file (${p.detail})`,
  noWorksheet: () => 'the workbook has no worksheet',
  encodingUnclear: () => 'its Chinese text could be GBK or Big5 and cannot be told apart: save it as UTF-8 CSV or as XLSX',
} satisfies Record<string, (p: Params) => string>;

export type ProblemCode = keyof typeof ENGLISH;

/** Every code a domain check may send (the console has a translation for each: field-problems.test.ts). */
export const PROBLEM_CODES = Object.keys(ENGLISH) as ProblemCode[];

export function fieldProblem(field: string, code: ProblemCode, params: Params = {}): FieldProblem {
  return { field, code, ...(Object.keys(params).length > 0 && { params }), message: ENGLISH[code](params) };
}

/** 400 VALIDATION_FAILED naming every problem, like a schema refusal. */
export const invalidFields = (problems: FieldProblem[]) =>
  new InvalidError(`Invalid request: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems, 'VALIDATION_FAILED');

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw invalidFields(problems);
}
