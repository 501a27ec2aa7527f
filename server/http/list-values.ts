import { fieldProblem, invalidFields } from '../field-problems.ts';

/**
 * A list filter given as comma-separated values (`?state=open,firing`, `?level=1,2`): each parsed and checked
 * against what the list knows, or a 400 naming `querystring.<field>` and the allowed values. undefined when absent.
 */
export function listValues<T extends string | number>(text: string | undefined, field: string, allowed: readonly T[], parse: (s: string) => T): T[] | undefined {
  if (!text) return undefined;
  const values = text.split(',').map((s) => s.trim()).filter(Boolean).map(parse);
  if (values.some((v) => !allowed.includes(v))) throw invalidFields([fieldProblem(`querystring.${field}`, 'enum', { allowedValues: allowed.join(', ') })]);
  return values;
}
