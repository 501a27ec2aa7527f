import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { IsoDateTime, NullableIsoDateTime, StringEnum } from '../../../http/schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SurveyTokenParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: "the link's last part: anything that is not a survey's token is answered 404 alike" }),
});

export const COMMENT_LIMIT = 1000;
export const SurveyAnswerBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: '1 very dissatisfied … 5 very satisfied' }),
    comment: Type.Optional(Type.String({ maxLength: COMMENT_LIMIT })),
  },
  { additionalProperties: false },
);
export type SurveyAnswerBody = Static<typeof SurveyAnswerBody>;

/** What the survey page shows: the incident's reference, title and how it was fixed — nothing personal. */
export const SurveyView = Type.Object({
  ref: Type.String(),
  title: Type.String(),
  resolution: Nullable(Type.String({ description: 'the fix as the engineer recorded it' })),
  causeCategory: Nullable(Type.Object({ nameZh: Type.String(), nameEn: Type.String() })),
  resolvedAt: NullableIsoDateTime,
  status: StringEnum(['open', 'answered', 'expired'] as const),
  expiresAt: IsoDateTime,
  score: Nullable(Type.Integer({ description: 'the answer, once given' })),
  answeredAt: NullableIsoDateTime,
});
export type SurveyView = Static<typeof SurveyView>;
