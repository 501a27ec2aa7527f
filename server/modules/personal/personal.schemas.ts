import { Type, type ObjectOptions, type TProperties, type TSchema } from '@sinclair/typebox';
import { MASKS, type PersonalKind } from './mask.ts';
import { maskLabelMap, maskTelemetryEvent } from './telemetry-mask.ts';

/** The JSON-schema keyword that marks a personal field; the response masker looks for it. */
export const PERSONAL_KEYWORD = 'x-personal';

/** A string holding personal data of the given kind: masked in responses unless unmasking was asked for and allowed. */
export const PersonalString = (kind: PersonalKind, options: Record<string, unknown> = {}) =>
  Type.String({ ...options, [PERSONAL_KEYWORD]: kind, description: `${String(options.description ?? '')} Personal data (${kind}): masked unless unmasked with a reason.`.trim() });

export const NullablePersonalString = (kind: PersonalKind, options: Record<string, unknown> = {}) =>
  Type.Union([PersonalString(kind, options), Type.Null()]);

/** The JSON-schema keyword that marks an object holding one stored telemetry event (see TelemetryEventObject). */
export const TELEMETRY_KEYWORD = 'x-personal-telemetry';

/**
 * An object holding one stored telemetry event: `kind`, free-form `data` and `labels`. Its data cannot be described
 * field by field (devices add their own fields), so the marker sits on the event and the masker masks by its kind
 * (personal/telemetry-mask.ts): accounts, cards, people's addresses and names as strings of the same kind of mask
 * as users' contacts, balances as null.
 */
export const TelemetryEventObject = <T extends TProperties>(properties: T, options: ObjectOptions = {}) =>
  Type.Object(properties, {
    ...options,
    [TELEMETRY_KEYWORD]: 'envelope',
    description: `${String(options.description ?? '')} Personal fields inside data and labels (accounts, cards, people's IP addresses, balances…) are masked unless unmasked with a reason.`.trim(),
  });

/**
 * A map of labels or annotations that may name people (an alert's labels, an external alert's annotations): masked by
 * name and by what its text holds (personal/telemetry-mask.ts maskLabelMap) unless unmasked with a reason.
 */
export const PersonalLabelMap = (options: Record<string, unknown> = {}) =>
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]), {
    ...options,
    [TELEMETRY_KEYWORD]: 'labels',
    description: `${String(options.description ?? '')} Personal values (accounts, people's addresses, phone numbers…) are masked unless unmasked with a reason.`.trim(),
  });

type Masker = (value: unknown) => unknown;

const cache = new WeakMap<object, Masker | null>();

/**
 * Compiles a response schema into a function that returns a masked copy of a value, or null when the schema has no
 * personal field (the common case costs nothing per response).
 */
export function compileMasker(schema: TSchema | undefined): Masker | null {
  if (!schema || typeof schema !== 'object') return null;
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  cache.set(schema, null); // recursion guard
  const masker = build(schema);
  cache.set(schema, masker);
  return masker;
}

function build(schema: TSchema): Masker | null {
  if (schema[TELEMETRY_KEYWORD] === 'labels') return maskLabelMap;
  if (schema[TELEMETRY_KEYWORD]) return maskTelemetryEvent;
  const kind = schema[PERSONAL_KEYWORD] as PersonalKind | undefined;
  if (kind) {
    const mask = MASKS[kind];
    return (value) => (typeof value === 'string' && value !== '' ? mask(value) : value);
  }
  const variants = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
  if (variants) {
    const maskers = variants.map((v) => compileMasker(v)).filter((m): m is Masker => m !== null);
    if (maskers.length === 0) return null;
    return (value) => maskers.reduce((acc, m) => m(acc), value);
  }
  if (schema.type === 'array' && schema.items) {
    const item = compileMasker(schema.items as TSchema);
    return item ? (value) => (Array.isArray(value) ? value.map(item) : value) : null;
  }
  if (schema.type === 'object' && schema.properties) {
    const fields = Object.entries(schema.properties as Record<string, TSchema>)
      .map(([key, sub]) => [key, compileMasker(sub)] as const)
      .filter((entry): entry is readonly [string, Masker] => entry[1] !== null);
    if (fields.length === 0) return null;
    return (value) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, mask] of fields) if (key in copy) copy[key] = mask(copy[key]);
      return copy;
    };
  }
  return null;
}
