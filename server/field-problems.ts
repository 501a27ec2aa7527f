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

type Value = string | number;

/** A code: the values it is sent with, and its English sentence over them. */
const define = <const K extends string = never>(params: readonly K[], english: (p: Record<K, Value>) => string) => ({ params, english });

/**
 * Every code a domain check sends, with the values it is sent with: `fieldProblem` takes exactly those, and the
 * console's translations may name only those as {{placeholders}} (field-problems.test.ts).
 */
const PROBLEMS = {
  // Ajv's own keywords, for domain checks of values that are not behind a TypeBox schema (stored documents, calendars)
  type: define(['type'], (p) => `must be ${p.type}`),
  minimum: define(['limit'], (p) => `must be >= ${p.limit}`),
  maximum: define(['limit'], (p) => `must be <= ${p.limit}`),
  maxItems: define(['limit'], (p) => `must have at most ${p.limit} items`),
  required: define([], () => 'is required'),
  maxLength: define(['limit'], (p) => `must be at most ${p.limit} characters`),
  enum: define(['allowedValues'], (p) => `must be one of ${p.allowedValues}`),
  codeFormat: define(['allowed'], (p) => `must be 1–64 letters, digits or ${p.allowed} and start with a letter or digit`),
  ipAddress: define([], () => 'must be an IPv4 or IPv6 address'),
  calendarDate: define([], () => 'must be a date as YYYY-MM-DD'),
  timeZone: define(['value'], (p) => `${p.value} is not an IANA time zone (e.g. Asia/Shanghai)`),
  cursor: define([], () => 'not a cursor from this list'),
  rangeOrder: define([], () => 'must be before to'),
  rangeTooLong: define(['days'], (p) => `range longer than ${p.days} days`),
  notZero: define([], () => 'must not be zero'),
  unknownSite: define(['site'], (p) => `unknown site ${p.site}`),
  unknownDevice: define(['device'], (p) => `unknown device ${p.device}`),
  siteNotReported: define(['reported'], (p) => `is required: the device reported no known site${p.reported ? ` (it said ${p.reported})` : ''}`),
  invalidJson: define(['detail'], (p) => `is not valid JSON: ${p.detail}`),
  tooDeep: define(['limit'], (p) => `nests deeper than ${p.limit} levels`),
  nulCharacter: define([], () => 'must not contain the NUL character (U+0000)'),
  tooManyBytes: define(['bytes', 'limit'], (p) => `is ${p.bytes} bytes; at most ${p.limit} (${Number(p.limit) / 1024} KiB) are kept`),
  future: define([], () => 'must be in the future'),
  weekday: define(['allowed'], (p) => `is not a weekday: use ${p.allowed}`),
  timeRanges: define([], () => 'must be a list of ["HH:MM", "HH:MM"] ranges'),
  timeRange: define([], () => 'must be ["HH:MM", "HH:MM"] (00:00–24:00)'),
  timeRangeOrder: define(['start', 'end'], (p) => `starts at ${p.start}, which is not before its end ${p.end}`),
  timeRangeOverlap: define(['first', 'second'], (p) => `${p.first} and ${p.second} overlap`),
  // alerting
  regexInvalid: define(['detail'], (p) => `is not a valid regular expression: ${p.detail}`),
  regexCatastrophic: define([], () => 'is a regular expression that can take exponential time (nested repetition): simplify it'),
  unknownMetric: define(['metric'], (p) => `${p.metric} is not a metric any device reports or a heartbeat vital`),
  unknownRule: define(['rule'], (p) => `no alert rule ${p.rule}`),
  cronInvalid: define(['detail'], (p) => `is not a cron expression: ${p.detail}`),
  absenceBelowSilence: define(['minutes'], (p) => `must be at least ${p.minutes} minutes: devices count as silent only after that (OPSDESK_DEVICE_SILENCE_SECONDS)`),
  keyTaken: define(['key'], (p) => `${p.key} is the key of another rule`),
  // imports
  columnRepeated: define(['field', 'first', 'second'], (p) => `two columns hold ${p.field}: "${p.first}" and "${p.second}"`),
  columnMissing: define(['field', 'label'], (p) => `the column ${p.field}${p.label ? ` (${p.label})` : ''} is missing`),
  codeRepeated: define(['code', 'line'], (p) => `${p.code} already appears on line ${p.line}`),
  siteNotYours: define(['code'], (p) => `${p.code} is not one of your sites (only a user who sees every site can add sites)`),
  codeOutsideScope: define(['code'], (p) => `${p.code} is in use by a device outside your sites`),
  upstreamSelf: define([], () => 'a device cannot hang off itself'),
  upstreamLater: define(['upstream', 'line'], (p) => `${p.upstream} is on a later line (${p.line}): list upstream devices first`),
  upstreamLoop: define(['path'], (p) => `would make a loop: ${p.path}`),
  // files that cannot be read at all (IMPORT_UNREADABLE), field "file"
  fileUnreadable: define(['detail'], (p) => `${p.detail}`),
  fileEmpty: define([], () => 'it is empty'),
  bodyMissing: define([], () => 'send the file itself as the request body'),
  csvQuoteNotClosed: define(['line'], (p) => `the quote opened on line ${p.line} is never closed`),
  csvMalformed: define(['detail', 'line'], (p) => `${p.detail} (line ${p.line})`),
  xlsNotAccepted: define([], () => 'Excel 97–2003 (.xls) files are not accepted: save it as .xlsx or CSV'),
  xlsxUnusable: define(['detail'], (p) => `not a usable XLSX file (${p.detail})`),
  noWorksheet: define([], () => 'the workbook has no worksheet'),
  encodingUnclear: define([], () => 'its Chinese text could be GBK or Big5 and cannot be told apart: save it as UTF-8 CSV or as XLSX'),
  // paging: channels
  urlInvalid: define([], () => 'is not an absolute URL (https://…)'),
  urlScheme: define(['scheme'], (p) => `must be an http or https URL, not ${p.scheme}`),
  urlCredentials: define([], () => 'must not hold a user name or password: put secrets in their own fields'),
  urlParameterMissing: define(['name'], (p) => `must carry the ${p.name} parameter`),
  urlParameterSeparate: define(['name'], (p) => `must not carry ${p.name}: it has its own (secret) field`),
  emailAddress: define(['value'], (p) => `${p.value} is not an e-mail address`),
  placeholderMissing: define(['name'], (p) => `must use the placeholder ${p.name}`),
  placeholderUnknown: define(['name', 'allowed'], (p) => `${p.name} is not a placeholder: use ${p.allowed}`),
  headerName: define(['name'], (p) => `${p.name} is not a valid HTTP header name`),
  headerReserved: define(['name'], (p) => `${p.name} is set by opsdesk and cannot be given here`),
  // paging: rosters
  hhmm: define([], () => 'must be a time of day as HH:MM (00:00–23:59)'),
  participantCount: define(['min', 'max'], (p) => `must name ${p.min} to ${p.max} people`),
  shiftHours: define(['min', 'max'], (p) => `must be a whole number of hours from ${p.min} to ${p.max}`),
  overrideSelf: define([], () => 'a person cannot cover for themselves'),
  overrideOverlap: define(['first', 'second'], (p) => `overrides ${p.first} and ${p.second} overlap for the same person`),
  duplicateValue: define(['value'], (p) => `${p.value} appears more than once`),
  // paging: escalation policies, people
  unknownChannel: define(['channel'], (p) => `no notification channel ${p.channel}`),
  unknownUser: define(['user'], (p) => `no active user ${p.user}`),
  lacksPermission: define(['user', 'permission'], (p) => `${p.user} does not hold ${p.permission}`),
  unknownRoster: define(['roster'], (p) => `no duty roster ${p.roster}`),
  unknownRole: define(['role'], (p) => `no role ${p.role}`),
  nameTaken: define(['name'], (p) => `${p.name} is the name of another one`),
  unknownChannelKind: define(['kind', 'allowed'], (p) => `${p.kind} is not a kind of channel: use ${p.allowed}`),
  phoneNumber: define(['value'], (p) => `${p.value} is not a phone number`),
  unknownContact: define(['id'], (p) => `no stored contact method ${p.id} of this person`),
  // incidents
  unknownTeam: define(['team'], (p) => `no team ${p.team}`),
  unknownCause: define(['cause'], (p) => `${p.cause} is not an enabled cause category`),
  unknownAlert: define(['alert'], (p) => `no alert ${p.alert} that you can see`),
  unknownSparePart: define(['part'], (p) => `no spare part ${p.part}`),
  unknownIncident: define(['incident'], (p) => `no incident ${p.incident} that you can see`),
  deviceOtherSite: define(['device', 'site'], (p) => `device ${p.device} is not at site ${p.site}`),
  gradingOrder: define(['milder', 'level', 'milderLevel'], (p) => `gives level ${p.level}, less urgent than level ${p.milderLevel} for the milder ${p.milder}: a more severe impact or urgency never lowers the level`),
};

export type ProblemCode = keyof typeof PROBLEMS;
/** The values a code is sent with, e.g. { limit: number | string } for maxLength. */
export type ProblemParams<C extends ProblemCode> = Record<(typeof PROBLEMS)[C]['params'][number], Value>;
/** The params argument of a code: none for a code without values, otherwise exactly its values. */
export type ProblemParamsArg<C extends ProblemCode> = [(typeof PROBLEMS)[C]['params'][number]] extends [never] ? [] : [params: ProblemParams<C>];

/** Every code a domain check may send (the console has a translation for each: field-problems.test.ts). */
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** The names of the values a code is sent with. */
export const problemParamNames = (code: ProblemCode): readonly string[] => PROBLEMS[code].params;

export function fieldProblem<C extends ProblemCode>(field: string, code: C, ...[params]: ProblemParamsArg<C>): FieldProblem {
  return build(field, code, params ?? {});
}

/** A code with its values, held until the field is known (why a file cannot be read, say). */
export type CodedProblem = {
  [C in ProblemCode]: { code: C } & (ProblemParamsArg<C> extends [] ? { params?: never } : { params: ProblemParams<C> });
}[ProblemCode];

export const codedFieldProblem = (field: string, coded: CodedProblem): FieldProblem => build(field, coded.code, coded.params ?? {});

function build(field: string, code: ProblemCode, values: Record<string, Value>): FieldProblem {
  const english = PROBLEMS[code].english as (p: Record<string, Value>) => string;
  return { field, code, ...(Object.keys(values).length > 0 && { params: values }), message: english(values) };
}

/** 400 VALIDATION_FAILED naming every problem, like a schema refusal. */
export const invalidFields = (problems: FieldProblem[]) =>
  new InvalidError(`Invalid request: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems, 'VALIDATION_FAILED');

export function throwIfProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw invalidFields(problems);
}
