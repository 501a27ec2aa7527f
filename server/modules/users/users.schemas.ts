import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, NullableIsoDateTime, Page } from '../../http/schemas.ts';
import { NullablePersonalString } from '../personal/index.ts';

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]*$', description: 'letters, digits and . _ @ -' });
const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
const Email = Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()]);
const Phone = Type.Union([Type.String({ pattern: '^\\+?[0-9][0-9 -]{4,24}$', maxLength: 30 }), Type.Null()]);
const RoleIds = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20 });
const SiteIds = Type.Union([Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000 }), Type.Null()], { description: 'null: every site' });
const Status = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

export const User = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: NullablePersonalString('email'),
  phone: NullablePersonalString('phone'),
  status: Status,
  roleIds: Type.Array(Type.String()),
  siteIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastLoginAt: NullableIsoDateTime,
});

export const UserPage = Page(User);

export const UserListQuery = ListQuery({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'matches username and display name; e-mail and phone too only when unmasked with X-Opsdesk-Unmask-Reason' })),
  roleId: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Status),
});

export const CreateUserBody = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    roleIds: RoleIds,
    siteIds: SiteIds,
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    roleIds: Type.Optional(RoleIds),
    siteIds: Type.Optional(SiteIds),
    status: Type.Optional(Status),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ResetPasswordBody = Type.Object({ newPassword: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const ExportUsersBody = Type.Object(
  {
    reason: Type.String({ minLength: 2, maxLength: 200 }),
    unmasked: Type.Boolean({ default: false, description: 'take personal fields out whole (needs personal:unmask too)' }),
  },
  { additionalProperties: false },
);
