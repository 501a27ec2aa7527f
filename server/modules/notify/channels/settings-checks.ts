import { fieldProblem, type FieldProblem } from '../../../field-problems.ts';

/**
 * The checks of channel settings that the schema cannot say, shared by the plug-ins' `validate`. Each names its field
 * as `settings.<name>`, the path the console's form and the API body use.
 */

export const settingsField = (name: string) => `settings.${name}`;

/** A required text that is missing or blank: a secret left out of the stored settings, say. */
export function requiredText(name: string, value: unknown): FieldProblem[] {
  return typeof value === 'string' && value.trim() !== '' ? [] : [fieldProblem(settingsField(name), 'required')];
}

export interface UrlRules {
  /** a query parameter the URL must carry with a value (DingTalk's access_token) */
  parameter?: string;
  /** a query parameter the URL must not carry because it has its own secret field (WeCom's key) */
  separateParameter?: string;
}

/**
 * An http or https URL without credentials (user:password@ would be shown by the API and written to logs). Plain http
 * is allowed: a gateway on the campus network may have no certificate.
 */
export function urlProblems(name: string, value: unknown, rules: UrlRules = {}): FieldProblem[] {
  const field = settingsField(name);
  if (typeof value !== 'string' || value.trim() === '') return [fieldProblem(field, 'required')];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [fieldProblem(field, 'urlInvalid')];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [fieldProblem(field, 'urlScheme', { scheme: url.protocol })];
  const problems: FieldProblem[] = [];
  if (url.username !== '' || url.password !== '') problems.push(fieldProblem(field, 'urlCredentials'));
  if (rules.parameter && !url.searchParams.get(rules.parameter)) problems.push(fieldProblem(field, 'urlParameterMissing', { name: rules.parameter }));
  if (rules.separateParameter && url.searchParams.has(rules.separateParameter)) {
    problems.push(fieldProblem(field, 'urlParameterSeparate', { name: rules.separateParameter }));
  }
  return problems;
}

/** RFC 9110 token: what an HTTP header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Header names that are valid and not among those the channel sets itself (compared without case). */
export function headerProblems(name: string, headers: Record<string, string> | undefined, reserved: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const taken = new Set(reserved.map((h) => h.toLowerCase()));
  for (const header of Object.keys(headers ?? {})) {
    if (!HEADER_NAME.test(header)) problems.push(fieldProblem(`${settingsField(name)}.${header}`, 'headerName', { name: header }));
    else if (taken.has(header.toLowerCase())) problems.push(fieldProblem(`${settingsField(name)}.${header}`, 'headerReserved', { name: header }));
  }
  return problems;
}
