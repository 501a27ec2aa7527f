import { Type } from '@sinclair/typebox';

const PermissionList = Type.Array(Type.String({ pattern: '^[a-z]+:[a-z]+$', maxLength: 64 }), { maxItems: 200 });

export const Role = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  permissions: Type.Array(Type.String()),
  builtIn: Type.Boolean(),
  userCount: Type.Integer(),
});

export const RoleList = Type.Object({ items: Type.Array(Role) });

export const PermissionCatalog = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      capability: Type.String(),
      action: Type.String(),
      available: Type.Boolean({ description: 'false while no route uses the capability yet ("coming"): it may still be granted ahead' }),
    }),
  ),
});

export const CreateRoleBody = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'a short slug, e.g. night-shift' }),
    name: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    permissions: PermissionList,
  },
  { additionalProperties: false },
);

export const UpdateRoleBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    permissions: Type.Optional(PermissionList),
  },
  { additionalProperties: false, minProperties: 1 },
);
