import { Type, type Static } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page, StringEnum } from '../../../http/schemas.ts';
import { Matcher } from '../matchers.ts';

/** Silences (SPEC C3.5): alerts matching every matcher stay quiet from startsAt to endsAt. */

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

export const MAX_MATCHERS = 20;
/** How many alert ids a preview lists (it counts them all). */
export const PREVIEW_IDS = 20;

const SilenceMatchers = Type.Array(Matcher, {
  minItems: 1,
  maxItems: MAX_MATCHERS,
  description:
    'all must match; at least one must select something (= with a value, or =~ with a pattern that does not match everything). A user limited to some sites must include site = one of their site codes',
});
/** An instant as sent: ISO 8601 with a zone (2026-12-01T22:00:00+08:00). */
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const Comment = Type.String({ minLength: 1, maxLength: 2000, description: 'why: the change, the incident, the work under way' });

export const Silence = Type.Object({
  id: Type.String(),
  matchers: Type.Array(Matcher),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  state: StringEnum(SILENCE_STATES, { description: 'pending: not started yet; active: now; expired: ended' }),
  comment: Type.String(),
  createdBy: Type.String({ description: 'user id' }),
  createdByName: Type.Union([Type.String(), Type.Null()], { description: 'their display name, null if the user is gone' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Silence = Static<typeof Silence>;
export const SilencePage = Page(Silence);

const STATE_LIST = `^(${SILENCE_STATES.join('|')})(,(${SILENCE_STATES.join('|')}))*$`;
export const SilenceListQuery = ListQuery({
  state: Type.Optional(Type.String({ maxLength: 40, pattern: STATE_LIST, description: 'comma-separated: active, pending, expired (all when absent)' })),
});

export const CreateSilenceBody = Type.Object(
  {
    matchers: SilenceMatchers,
    startsAt: Type.Optional(Instant('default now; a start in the past starts now')),
    endsAt: Instant('after startsAt, at most 366 days later'),
    comment: Comment,
  },
  { additionalProperties: false },
);
export type CreateSilenceBody = Static<typeof CreateSilenceBody>;

export const UpdateSilenceBody = Type.Object(
  {
    matchers: Type.Optional(SilenceMatchers),
    startsAt: Type.Optional(Instant('only while the silence has not started')),
    endsAt: Type.Optional(Instant('extend or shorten; to end it now, expire it')),
    comment: Type.Optional(Comment),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSilenceBody = Static<typeof UpdateSilenceBody>;

export const PreviewSilenceBody = Type.Object(
  { matchers: Type.Array(Matcher, { minItems: 1, maxItems: MAX_MATCHERS }) },
  { additionalProperties: false },
);

export const SilencePreview = Type.Object({
  matched: Type.Integer({ description: 'open alerts (not resolved) the matchers select now, among those you may see' }),
  alertIds: Type.Array(Type.String(), { description: `the newest ${PREVIEW_IDS} of them` }),
});
export type SilencePreview = Static<typeof SilencePreview>;
