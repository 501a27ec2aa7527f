import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/** Every audit action the server writes: the string literals given as `action` to audit.append. */
function actionsInSource(): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.test.') && !entry.name.includes('route-samples')) {
        const text = fs.readFileSync(full, 'utf8');
        for (const m of text.matchAll(/action: (?:[^'\n]*\? )?'([a-z_]+\.[a-z_.]+)'(?: : '([a-z_]+\.[a-z_.]+)')?/g)) {
          found.add(m[1]!);
          if (m[2]) found.add(m[2]);
        }
      }
    }
  };
  walk(path.join(root, 'server'));
  return found;
}

describe('audit actions in the console', () => {
  it.each(['zh-CN', 'en'])('every action the server records has words in %s', (name) => {
    const catalog = JSON.parse(fs.readFileSync(path.join(root, `web/src/i18n/${name}.json`), 'utf8')) as { auditAction: Record<string, Record<string, string>> };
    const actions = actionsInSource();
    expect(actions.size).toBeGreaterThan(20);
    const missing = [...actions].filter((a) => {
      const [area, verb] = [a.slice(0, a.indexOf('.')), a.slice(a.indexOf('.') + 1)];
      return typeof catalog.auditAction[area]?.[verb] !== 'string';
    });
    expect(missing, `auditAction.* missing from ${name}.json`).toEqual([]);
  });
});
