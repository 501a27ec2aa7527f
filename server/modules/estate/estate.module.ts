/** The estate module as the application registers it (server/modules.ts): its services, routes and jobs. */
import { defineModule } from '../../module.ts';
import { createConfigRecordsService } from './config-records.service.ts';
import { createDevicesService } from './devices.service.ts';
import { createDiscoveredService } from './discovered.service.ts';
import { estateRoutes } from './estate.routes.ts';
import { createImportsService } from './imports.service.ts';
import { createSparePartsService } from './spare-parts.service.ts';
import { createEstateSummaryService } from './summary.service.ts';

export const estateModule = defineModule({
  name: 'estate',
  tags: [
    { name: 'estate', description: 'Devices, topology, health, discovered devices and configuration records (SPEC C1.1–C1.3)' },
    { name: 'spare-parts', description: 'Spare parts: stock per warehouse, reorder thresholds, movements (SPEC C1.4)' },
    { name: 'imports', description: 'Bulk import of sites and devices from CSV or XLSX (SPEC C1.1)' },
  ],
  createServices: ({ db, clock, audit, events }) => ({
    devices: createDevicesService({ db, clock, audit, events }),
    discovered: createDiscoveredService({ db, clock, audit }),
    configRecords: createConfigRecordsService({ db, clock, audit }),
    spareParts: createSparePartsService({ db, clock, audit }),
    imports: createImportsService({ db, clock, audit }),
    estateSummary: createEstateSummaryService({ db }),
  }),
  routes: (app, services) => estateRoutes(app, services),
});
