import { Type } from '@sinclair/typebox';
import { IsoDateTime, NullableIsoDateTime } from '../../http/schemas.ts';

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  userId: Type.String(),
  username: Type.String(),
  prefix: Type.String({ description: 'the first characters of the secret, to tell tokens apart' }),
  permissions: Type.Array(Type.String()),
  createdAt: IsoDateTime,
  expiresAt: NullableIsoDateTime,
  lastUsedAt: NullableIsoDateTime,
  revokedAt: NullableIsoDateTime,
});

export const TokenList = Type.Object({ items: Type.Array(ApiToken) });

export const TokenListQuery = Type.Object({ all: Type.Optional(Type.Boolean({ description: "everybody's tokens (tokens:admin)" })) });

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 200 }),
    expiresAt: Type.Optional(NullableIsoDateTime),
  },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({
  token: ApiToken,
  secret: Type.String({ description: 'shown once; send as Authorization: Bearer <secret>' }),
});
