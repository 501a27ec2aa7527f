import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from './permissions.ts';

const catalog = (name: string) =>
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, `../../../web/src/i18n/${name}.json`), 'utf8')) as {
    builtInRole: Record<string, { name: string; description: string }>;
  };

describe('built-in roles in the console', () => {
  // The console words a built-in role by id only while its text is as shipped, so the Chinese catalogue must hold
  // exactly what the server seeds.
  it('ship with the texts the Chinese catalogue recognises', () => {
    const zh = catalog('zh-CN').builtInRole;
    for (const role of BUILT_IN_ROLES) expect(zh[role.id], role.id).toEqual({ name: role.name, description: role.description });
  });

  it('have English words for every built-in role', () => {
    const en = catalog('en').builtInRole;
    for (const role of BUILT_IN_ROLES) expect(Object.keys(en[role.id] ?? {}).sort(), role.id).toEqual(['description', 'name']);
  });
});
