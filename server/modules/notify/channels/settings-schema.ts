import { Type, type StringOptions } from '@sinclair/typebox';

/**
 * Building blocks of the plug-ins' settings schemas. The console draws each channel's form from its schema, so every
 * property carries an English `title` and a `description`, and every text a `maxLength` (the settings are stored and
 * shown back). Secrets are `writeOnly`: the API never returns them, and the plug-in lists them in
 * `describe.secretFields` too (registry.test.ts checks both say the same).
 */

interface Described {
  title: string;
  description: string;
}

export const Text = (options: Described & StringOptions & { maxLength: number }) => Type.String(options);

/** A secret text: stored encrypted, never returned. */
export const Secret = (options: Described & { maxLength?: number; minLength?: number }) =>
  Type.String({ minLength: 1, maxLength: 512, ...options, writeOnly: true });

/** An http(s) URL; settings-checks.ts `urlProblems` says what the schema cannot (scheme, credentials, parameters). */
export const Url = (options: Described & { default?: string }) => Type.String({ minLength: 1, maxLength: 2048, ...options });

/** Header values on one line; names are checked by settings-checks.ts `headerProblems`. */
export const Headers = (options: Described & { writeOnly?: boolean }) =>
  Type.Record(Type.String(), Type.String({ maxLength: 2048, pattern: '^[^\\r\\n]*$' }), {
    ...options,
    maxProperties: 20,
    propertyNames: { maxLength: 100 },
  });

/** One of a fixed list, as a plain JSON-schema enum (the console draws a select; Ajv reports `enum`). */
export const Choice = <const T extends string>(values: readonly T[], options: Described & { default?: T }) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
