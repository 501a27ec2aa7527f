import { Type } from '@sinclair/typebox';
import { IsoDateTime, ListQuery, Page } from '../../http/schemas.ts';

const Sku = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$', description: 'stock-keeping code, e.g. POS-PRN-58' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Category = Type.String({ maxLength: 64 });
const Unit = Type.String({ minLength: 1, maxLength: 16, description: 'pcs, m, roll…' });
const Threshold = Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'reorder when the total is at or below this' });
const Warehouse = Type.String({ minLength: 1, maxLength: 64 });

export const SparePart = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  category: Type.String(),
  unit: Type.String(),
  reorderThreshold: Type.Integer(),
  stock: Type.Array(Type.Object({ warehouse: Type.String(), quantity: Type.Integer() })),
  total: Type.Integer(),
  belowThreshold: Type.Boolean({ description: 'total ≤ reorderThreshold: time to reorder' }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const SparePartPage = Page(SparePart);

export const SparePartListQuery = ListQuery({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'text in SKU, name or category' })),
  lowStock: Type.Optional(Type.Boolean({ description: 'only parts at or below their reorder threshold' })),
});

export const CreateSparePartBody = Type.Object(
  { sku: Sku, name: Name, category: Type.Optional(Category), unit: Type.Optional(Unit), reorderThreshold: Type.Optional(Threshold) },
  { additionalProperties: false },
);

export const UpdateSparePartBody = Type.Object(
  { sku: Type.Optional(Sku), name: Type.Optional(Name), category: Type.Optional(Category), unit: Type.Optional(Unit), reorderThreshold: Type.Optional(Threshold) },
  { additionalProperties: false, minProperties: 1 },
);

export const MovementBody = Type.Object(
  {
    warehouse: Warehouse,
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'positive: received; negative: taken out; never zero' }),
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    incidentRef: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: 'the incident the part was used for' })),
  },
  { additionalProperties: false },
);

export const Movement = Type.Object({
  id: Type.String(),
  warehouse: Type.String(),
  delta: Type.Integer(),
  quantityAfter: Type.Integer(),
  reason: Type.String(),
  incidentRef: Type.Union([Type.String(), Type.Null()]),
  actor: Type.String(),
  at: IsoDateTime,
});

export const MovementPage = Page(Movement);

export const MovementResult = Type.Object({ movement: Movement, part: SparePart });

export const MovementListQuery = ListQuery();
