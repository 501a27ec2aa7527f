import { Type } from '@sinclair/typebox';
import { NullablePersonalString } from '../personal/index.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: NullablePersonalString('email'),
  phone: NullablePersonalString('phone'),
  roleIds: Type.Array(Type.String()),
  roleNames: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  siteIds: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'null: every site' }),
  locale: Type.String(),
});

export const SessionResponse = Type.Object({
  user: Me,
  csrfToken: Type.String({ description: 'send it back as X-CSRF-Token on every write made with the session cookie' }),
  idleTimeoutSeconds: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time', description: 'absolute end of the session' }),
});

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
