import type { FieldProblem } from '../../../field-problems.ts';

/**
 * Field problems for references the closing and problem records check: a spare part, an incident. They are built
 * here in FieldProblem's shape because their codes (`unknownSparePart`, `unknownIncident`) are not yet in
 * server/field-problems.ts's catalogue (the lead's file): once they are, these become `fieldProblem(field, code, …)`.
 * The console's words for them wait in .i18n-pending/closing.json.
 */
export const unknownSparePart = (field: string, part: string): FieldProblem => ({ field, code: 'unknownSparePart', params: { part }, message: `no spare part ${part}` });

export const unknownIncident = (field: string, incident: string): FieldProblem => ({ field, code: 'unknownIncident', params: { incident }, message: `no incident ${incident} that you can see` });
