/**
 * A channel kind's settings form, drawn from the JSON Schema the server gives for it (GET /channel-kinds): which
 * fields, of what sort, and how their values go between the form and the API. Secrets are never known to the console:
 * their inputs start empty, and one left empty keeps what is stored (it is left out of the request).
 */

export type SettingSort = 'text' | 'longText' | 'integer' | 'number' | 'boolean' | 'choice' | 'textList' | 'textMap' | 'group' | 'json';

export interface SettingField {
  /** the property name */
  key: string;
  /** from the settings object down to this field */
  path: string[];
  sort: SettingSort;
  /** the schema's English title and description: the words when the console has none of its own */
  title: string;
  description: string;
  required: boolean;
  /** stored sealed, never returned; a top-level field only */
  secret: boolean;
  choices?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  defaultValue?: unknown;
  /** a group's own fields */
  fields?: SettingField[];
}

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** Texts longer than this get a text area (templates); URLs and names stay on one line. */
const LONG_TEXT = 2048;

function sortOf(schema: Schema): SettingSort {
  const type = schema.type;
  if (type === 'string') return Array.isArray(schema.enum) ? 'choice' : (num(schema.maxLength) ?? 0) > LONG_TEXT ? 'longText' : 'text';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' && isSchema(schema.items) && schema.items.type === 'string') return 'textList';
  if (type === 'object' && isSchema(schema.properties)) return 'group';
  if (type === 'object' && isSchema(schema.additionalProperties) && schema.additionalProperties.type === 'string') return 'textMap';
  if (type === 'object' && isSchema(schema.patternProperties)) return 'textMap';
  return 'json';
}

function fieldsOf(schema: Schema, path: string[], secretFields: readonly string[]): SettingField[] {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  return Object.entries(properties).flatMap(([key, sub]) => {
    if (!isSchema(sub)) return [];
    const sort = sortOf(sub);
    const here = [...path, key];
    const field: SettingField = {
      key,
      path: here,
      sort,
      title: typeof sub.title === 'string' ? sub.title : key,
      description: typeof sub.description === 'string' ? sub.description : '',
      required: required.includes(key),
      secret: (path.length === 0 && secretFields.includes(key)) || sub.writeOnly === true,
      ...(Array.isArray(sub.enum) && { choices: sub.enum.filter((v): v is string => typeof v === 'string') }),
      ...(isSchema(sub.items) && Array.isArray(sub.items.enum) && { choices: sub.items.enum.filter((v): v is string => typeof v === 'string') }),
      ...(num(sub.minimum) !== undefined && { minimum: num(sub.minimum) }),
      ...(num(sub.maximum) !== undefined && { maximum: num(sub.maximum) }),
      ...(num(sub.maxLength) !== undefined && { maxLength: num(sub.maxLength) }),
      ...('default' in sub && { defaultValue: sub.default }),
      ...(sort === 'group' && { fields: fieldsOf(sub, here, secretFields) }),
    };
    return [field];
  });
}

/** The fields of a settings schema, in the schema's order (its authors put the important ones first). */
export function describeSettings(schema: unknown, secretFields: readonly string[]): SettingField[] {
  return isSchema(schema) ? fieldsOf(schema, [], secretFields) : [];
}

/** A text map as the form edits it: rows of key and value (a map cannot hold a half-typed row). */
export interface MapRow {
  key?: string;
  value?: string;
}

export type SettingsFormValues = Record<string, unknown>;

/** What the form starts from: the stored settings (a new channel: the schema's defaults), secrets empty. */
export function settingsToForm(fields: readonly SettingField[], settings: Record<string, unknown> | null): SettingsFormValues {
  const out: SettingsFormValues = {};
  for (const field of fields) {
    const stored = settings ? settings[field.key] : field.defaultValue;
    if (field.secret) {
      out[field.key] = field.sort === 'textMap' ? [] : '';
      continue;
    }
    switch (field.sort) {
      case 'group':
        out[field.key] = settingsToForm(field.fields ?? [], isSchema(stored) ? stored : settings ? {} : null);
        break;
      case 'textMap':
        out[field.key] = isSchema(stored) ? Object.entries(stored).map(([key, value]) => ({ key, value: String(value) })) : [];
        break;
      case 'textList':
        out[field.key] = Array.isArray(stored) ? stored.map(String) : [];
        break;
      case 'boolean':
        out[field.key] = typeof stored === 'boolean' ? stored : field.defaultValue === true;
        break;
      case 'json':
        out[field.key] = stored === undefined ? '' : JSON.stringify(stored, null, 2);
        break;
      default:
        out[field.key] = stored ?? undefined;
    }
  }
  return out;
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function mapOf(rows: unknown): Record<string, string> | undefined {
  if (!Array.isArray(rows)) return undefined;
  const out: Record<string, string> = {};
  for (const row of rows as MapRow[]) {
    const key = row?.key?.trim();
    if (key) out[key] = row.value ?? '';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The settings to send. Empty optional fields are left out; a secret is sent only when typed, or as null when `clear`
 * names it (the API keeps a secret that is left out and clears one sent as null).
 */
export function formToSettings(fields: readonly SettingField[], values: SettingsFormValues, clear: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.key];
    let next: unknown;
    switch (field.sort) {
      case 'group': {
        const inner = formToSettings(field.fields ?? [], isSchema(value) ? value : {});
        next = Object.keys(inner).length > 0 ? inner : undefined;
        break;
      }
      case 'textMap':
        next = mapOf(value);
        break;
      case 'textList': {
        const items = Array.isArray(value) ? value.map((v) => String(v).trim()).filter((v) => v !== '') : [];
        next = items.length > 0 || field.required ? items : undefined;
        break;
      }
      case 'boolean':
        next = typeof value === 'boolean' ? value : undefined;
        break;
      case 'integer':
      case 'number':
        next = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
        break;
      case 'json':
        next = blank(value) ? undefined : (JSON.parse(String(value)) as unknown);
        break;
      default:
        // Secrets as typed (a space may be part of one); other text without the spaces a paste brings along.
        next = blank(value) ? undefined : field.secret ? value : String(value).trim();
    }
    if (next !== undefined) out[field.key] = next;
    else if (field.secret && clear.includes(field.key)) out[field.key] = null;
  }
  return out;
}

/** The i18n key of a field's words: `channelSettings.<kind>.<path joined by _>.title|description`. */
export const settingKey = (kind: string, field: Pick<SettingField, 'path'>) => `channelSettings.${kind}.${field.path.join('_')}`;
