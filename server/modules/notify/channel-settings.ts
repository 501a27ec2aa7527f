import type { SecretBox } from '../../lib/secret-box.ts';
import type { NotifyChannelsTable } from './notify.tables.ts';

/** A channel's settings as its plug-in needs them: the stored ones with the secrets opened. */
export function channelSettings(row: Pick<NotifyChannelsTable, 'settings' | 'secrets'>, box: SecretBox): Record<string, unknown> {
  const settings = JSON.parse(row.settings) as Record<string, unknown>;
  return row.secrets ? { ...settings, ...(JSON.parse(box.open(row.secrets)) as Record<string, unknown>) } : settings;
}

/** Splits settings into what may be shown and what is sealed (null when no secret has a value). */
export function splitSecrets(settings: Record<string, unknown>, secretFields: readonly string[], box: SecretBox): { settings: string; secrets: string | null; secretsSet: string[] } {
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (secretFields.includes(key)) {
      if (value !== undefined && value !== null && value !== '') secret[key] = value;
    } else plain[key] = value;
  }
  const secretsSet = Object.keys(secret);
  return { settings: JSON.stringify(plain), secrets: secretsSet.length > 0 ? box.seal(JSON.stringify(secret)) : null, secretsSet };
}

/** Which secret fields hold a value, without opening them for anyone but the deliverer. */
export function secretsSetOf(row: Pick<NotifyChannelsTable, 'secrets'>, box: SecretBox): string[] {
  if (!row.secrets) return [];
  try {
    return Object.keys(JSON.parse(box.open(row.secrets)) as object);
  } catch {
    return [];
  }
}
