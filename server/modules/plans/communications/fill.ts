import { localPartsOf } from '../../calendar/index.ts';
import { PLACEHOLDER_NAMES, PLAN_SUBSYSTEMS, type CommunicationTemplate, type Placeholder, type PlanSubsystem } from '../plan-document.ts';

/**
 * Filling a plan's communication templates with an incident's facts (issue 12 item 3). Pure: the facts are gathered
 * elsewhere (facts.ts); this only puts them in. A placeholder without a fact is left as it is written ({{hotline}})
 * and listed as missing, so the sender sees the gap and writes it in before sending — a message never goes out with
 * an empty hole where the hotline should be.
 */

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The facts in one language: a placeholder's text, or null when the incident does not know it. */
export type FilledFacts = Record<Placeholder, string | null>;

/** The same {{ name }} syntax plan-document.ts checks (spaces inside the braces allowed). */
const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDER_NAMES);

export interface FilledText {
  subject: string;
  body: string;
  /** the placeholders left in, in the order they first appear (subject first) */
  missing: Placeholder[];
}

/** One text with its placeholders replaced; the ones without a fact stay as they are and are added to `missing`. */
export function fillText(text: string, facts: FilledFacts, missing: Set<Placeholder>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!KNOWN.has(name)) return whole;
    const value = facts[name as Placeholder];
    if (value === null || value.trim() === '') {
      missing.add(name as Placeholder);
      return `{{${name}}}`;
    }
    return value;
  });
}

/** The template in one language: `en` falls back to nothing (null) when the template has no English text. */
export function fillTemplate(template: CommunicationTemplate, language: Language, facts: FilledFacts): FilledText | null {
  const subject = language === 'zh' ? template.subject.zh : template.subject.en;
  const body = language === 'zh' ? template.body.zh : template.body.en;
  if (subject === undefined || body === undefined) return null;
  const missing = new Set<Placeholder>();
  return { subject: fillText(subject, facts, missing), body: fillText(body, facts, missing), missing: [...missing] };
}

/** The placeholders a text (as the sender edited it) still holds: a send refuses none, but the console warns. */
export function placeholdersLeft(text: string): Placeholder[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n): n is Placeholder => KNOWN.has(n)))];
}

// ── The words facts are told in ──────────────────────────────────────────────────────────────────────────────────

/** Subsystems as people say them (the console's subsystem.* words; held equal to PLAN_SUBSYSTEMS by fill.test.ts). */
export const SUBSYSTEM_WORDS: Record<PlanSubsystem, Record<Language, string>> = {
  consumption: { zh: '消费', en: 'Consumption' },
  recharge: { zh: '充值/圈存', en: 'Recharge' },
  access: { zh: '门禁', en: 'Access control' },
  water: { zh: '水控', en: 'Water control' },
  ticketing: { zh: '票务', en: 'Ticketing' },
  selfpay: { zh: '自助缴费', en: 'Self-service payment' },
  core: { zh: '核心服务', en: 'Core servers' },
  network: { zh: '网络', en: 'Network' },
};

export const subsystemWord = (subsystem: string | null, language: Language): string | null =>
  subsystem === null ? null : ((PLAN_SUBSYSTEMS as readonly string[]).includes(subsystem) ? SUBSYSTEM_WORDS[subsystem as PlanSubsystem][language] : subsystem);

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the people at the site read a notice: "2026-11-10 10:00" in the site's time zone. */
export function localTime(at: number, zone: string): string {
  const p = localPartsOf(at, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** How a list of texts joins in a sentence. */
export const joinWords = (items: readonly string[], language: Language): string | null => (items.length === 0 ? null : items.join(language === 'zh' ? '；' : '; '));
