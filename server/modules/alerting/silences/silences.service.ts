import type { ModuleContext } from '../../../module.ts';

// SCAFFOLD: replaced by the real service in this session.
export function createSilencesService(ctx: ModuleContext) {
  return { ctx };
}
export type SilencesService = ReturnType<typeof createSilencesService>;
