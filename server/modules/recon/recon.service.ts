import type { ModuleContext } from '../../module.ts';
import { createAlertsService } from './alerts.service.ts';
import { createChannelsService } from './channels.service.ts';
import { createDifferencesService } from './differences.service.ts';
import type { ReconEngine } from './engine-port.ts';
import { createExportsService } from './exports.ts';
import { createImportsService } from './imports.service.ts';
import { createJobsService } from './jobs.service.ts';
import { createColumnMappingsService } from './mappings.service.ts';
import { createProposalsService } from './proposals.service.ts';

/**
 * The most bytes one import takes: 512 MiB (a month of a busy channel's bill is a few hundred MiB). The platform's
 * config has no reconciliation section yet, so this is the module's own constant; it moves to config.ts when an
 * operator needs to change it.
 */
export const MAX_IMPORT_BYTES = 512 * 1_048_576;

export interface ReconOptions {
  engine: ReconEngine;
  /** default ctx.config.dataDir */
  dataDir?: string;
  /** default MAX_IMPORT_BYTES */
  maxImportBytes?: number;
}

/** The reconciliation module's services, built once per process from the module context and the matching engine. */
export function createReconServices(ctx: ModuleContext, options: ReconOptions) {
  const dataDir = options.dataDir ?? ctx.config.dataDir;
  const maxBytes = options.maxImportBytes ?? MAX_IMPORT_BYTES;
  const imports = createImportsService(ctx, { engine: options.engine, dataDir, maxBytes });
  return {
    imports: { ...imports, maxBytes },
    channels: createChannelsService(ctx),
    jobs: createJobsService(ctx, { engine: options.engine, dataDir, imports }),
    differences: createDifferencesService(ctx),
    exports: createExportsService(ctx),
    alerts: createAlertsService(ctx),
    proposals: createProposalsService(ctx),
    mappings: createColumnMappingsService(ctx),
  };
}

export type ReconServices = ReturnType<typeof createReconServices>;
