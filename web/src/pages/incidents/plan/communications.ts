/** What the plan messages panel decides without React: defaults per audience, the text to edit, what a send reaches. */
import {
  PLACEHOLDERS,
  type Audience,
  type ChannelChoice,
  type DeliveryState,
  type FilledTemplate,
  type FilledText,
  type Language,
  type PersonChoice,
  type PlanMessage,
  type Placeholder,
  type SendMessageBody,
} from './communicationsApi';

/** The form a send is written in. */
export interface MessageFormValues {
  language: Language;
  subject: string;
  body: string;
  userIds: string[];
  onDuty: boolean;
  channelIds: string[];
}

/** A channel that reaches one person at a time (e-mail, SMS, the console), as opposed to a group robot or webhook. */
export const reachesPeople = (channel: Pick<ChannelChoice, 'addresses'>) => channel.addresses !== 'none';

/** The template's text in a language; the Chinese when it has no English. */
export const filledIn = (template: FilledTemplate, language: Language): FilledText => (language === 'en' ? (template.en ?? template.zh) : template.zh);

/** The reader's language as a template language. */
export const templateLanguage = (template: FilledTemplate, uiLanguage: string): Language => (uiLanguage.startsWith('en') && template.en ? 'en' : 'zh');

/**
 * Who a template goes to unless the sender changes it. Client: the people and e-mail/console channels the sender
 * picks (the client's people are not the incident's), nobody preselected. Public: the group channels (the notice
 * board's robot or webhook). Staff: the incident's people (assignee and role holders) and whoever is on duty, on every
 * channel.
 */
export function defaultRecipients(audience: Audience, channels: readonly ChannelChoice[], people: readonly PersonChoice[]): Pick<MessageFormValues, 'userIds' | 'onDuty' | 'channelIds'> {
  const ids = (pick: (c: ChannelChoice) => boolean) => channels.filter(pick).map((c) => c.id);
  switch (audience) {
    case 'client':
      return { userIds: [], onDuty: false, channelIds: ids((c) => c.addresses === 'email' || c.addresses === 'user') };
    case 'public':
      return { userIds: [], onDuty: false, channelIds: ids((c) => !reachesPeople(c)) };
    case 'staff':
      return { userIds: people.filter((p) => p.roles.length > 0).map((p) => p.userId), onDuty: true, channelIds: ids(() => true) };
  }
}

/** The form's first values for a template: its filled text in the reader's language, and the audience's recipients. */
export function initialValues(template: FilledTemplate, uiLanguage: string, channels: readonly ChannelChoice[], people: readonly PersonChoice[]): MessageFormValues {
  const language = templateLanguage(template, uiLanguage);
  const text = filledIn(template, language);
  return { language, subject: text.subject, body: text.body, ...defaultRecipients(template.audience, channels, people) };
}

const PLACEHOLDER = /\{\{\s*([^{}\s]*)\s*\}\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/** The facts still to write in: the known {{placeholders}} left in the text, each once, in order. */
export function placeholdersLeft(...texts: string[]): Placeholder[] {
  const found = texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  return [...new Set(found.filter((n): n is Placeholder => KNOWN.has(n)))];
}

/**
 * Why the chosen recipients reach nobody, as the server would refuse it (an i18n key under planCommunications.), or
 * null: a group channel posts by itself; a person channel needs people (chosen, or those on duty).
 */
export function reachProblem(values: Pick<MessageFormValues, 'userIds' | 'onDuty' | 'channelIds'>, channels: readonly ChannelChoice[]): 'noChannel' | 'noPeople' | null {
  const chosen = channels.filter((c) => values.channelIds.includes(c.id));
  if (chosen.length === 0) return 'noChannel';
  if (chosen.some((c) => !reachesPeople(c))) return null;
  return values.userIds.length === 0 && !values.onDuty ? 'noPeople' : null;
}

/** The request body: trimmed texts, each id once. */
export const sendBody = (values: MessageFormValues): SendMessageBody => ({
  language: values.language,
  subject: values.subject.trim(),
  body: values.body.trim(),
  userIds: [...new Set(values.userIds)],
  onDuty: values.onDuty,
  channelIds: [...new Set(values.channelIds)],
});

/** A person in the recipients list: their name, with their roles on the plan and whether they are on duty. */
export function personLabel(person: PersonChoice, words: { onDuty: string; role: (role: string) => string }): string {
  const tags = [...person.roles.map(words.role), ...(person.onDuty ? [words.onDuty] : [])];
  return tags.length > 0 ? `${person.name} · ${tags.join('、')}` : person.name;
}

/** How the message fared overall: all handed over, some failed, still going, or nobody could be reached. */
export function deliveryTone(message: Pick<PlanMessage, 'delivery'>): 'success' | 'error' | 'processing' | 'warning' {
  const d = message.delivery;
  if (d.failed > 0) return 'error';
  if (d.queued > 0) return 'processing';
  if (d.sent + d.delivered === 0) return 'warning';
  return 'success';
}

/** The non-zero counts, in the order a reader follows a message. */
const READING_ORDER: readonly DeliveryState[] = ['delivered', 'sent', 'queued', 'failed', 'skipped'];
export const deliveryCounts = (message: Pick<PlanMessage, 'delivery'>): [DeliveryState, number][] =>
  READING_ORDER.map((s): [DeliveryState, number] => [s, message.delivery[s]]).filter(([, n]) => n > 0);

/** Whether any message is still in the outbox: the list is read again until it is not. */
export const deliveryPending = (messages: readonly PlanMessage[]): boolean => messages.some((m) => m.delivery.queued > 0);
