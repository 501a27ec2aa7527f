import type { App } from '../../http/types.ts';
import { configRecordsRoutes } from './config-records.routes.ts';
import type { ConfigRecordsService } from './config-records.service.ts';
import { devicesRoutes } from './devices.routes.ts';
import type { DevicesService } from './devices.service.ts';
import { discoveredRoutes } from './discovered.routes.ts';
import type { DiscoveredService } from './discovered.service.ts';
import { importsRoutes } from './imports.routes.ts';
import type { ImportsService } from './imports.service.ts';
import { sparePartsRoutes } from './spare-parts.routes.ts';
import type { SparePartsService } from './spare-parts.service.ts';
import { summaryRoutes } from './summary.routes.ts';
import type { EstateSummaryService } from './summary.service.ts';

export interface EstateServices {
  devices: DevicesService;
  discovered: DiscoveredService;
  configRecords: ConfigRecordsService;
  spareParts: SparePartsService;
  imports: ImportsService;
  estateSummary: EstateSummaryService;
}

/** Every estate route (SPEC C1.1–C1.4): one call from app.ts. */
export function estateRoutes(app: App, services: EstateServices) {
  devicesRoutes(app, services);
  discoveredRoutes(app, services);
  configRecordsRoutes(app, services);
  sparePartsRoutes(app, services);
  importsRoutes(app, services);
  summaryRoutes(app, services);
}
