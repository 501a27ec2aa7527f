import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Cursor, IsoDateTime, Limit, NullableIsoDateTime, StringEnum } from '../../http/schemas.ts';
import { PROPOSAL_STATES } from './proposals.tables.ts';
import { RecordView } from './recon.schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const UserRef = Type.Object({ id: Type.String(), name: Type.String() });
const State = StringEnum(PROPOSAL_STATES, { description: 'proposed → confirmed (counted as matched) or rejected' });

export const ProposalView = Type.Object({
  id: Type.String(),
  jobId: Type.String(),
  seq: Type.Integer({ description: 'the order the engine reported it in, best score first' }),
  channel: Type.String(),
  day: Type.String(),
  left: Type.Array(RecordView),
  right: Type.Array(RecordView),
  score: Type.Number({ minimum: 0, maximum: 1, description: "the engine's confidence, below the channel's auto-confirm score" }),
  reasons: Type.Array(Type.String(), { description: 'why: amount-equal, amount-within-tolerance:<fen>, time-within-<s>s, same-status, same-card, same-merchant-order-id, conflicting-ids …' }),
  state: State,
  decidedBy: Nullable(UserRef),
  decidedAt: NullableIsoDateTime,
  note: Nullable(Type.String({ description: 'the reason given with the decision' })),
  carriedFrom: Nullable(Type.String({ description: 'the proposal of an earlier run of the day whose decision this one took' })),
  createdAt: IsoDateTime,
});

export const ProposalListQuery = Type.Object({
  state: Type.Optional(State),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export const ProposalPage = Type.Object({ items: Type.Array(ProposalView), nextCursor: Nullable(Type.String()) });

export const ConfirmProposalBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });
export const RejectProposalBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why they are not the same transaction' }) });

export type ProposalView = Static<typeof ProposalView>;
export type ProposalPage = Static<typeof ProposalPage>;
export type ConfirmProposalBody = Static<typeof ConfirmProposalBody>;
export type RejectProposalBody = Static<typeof RejectProposalBody>;
