/**
 * The demo estate in the plain shape opsdesk's own services load (sites, then devices in topology order so that
 * every upstream exists before the devices hanging off it), and the card accounts the simulator trades on.
 * The simulator's telemetry uses exactly these codes.
 */
import { demoCampus, type EstateDevice } from './estate.ts';

export interface DemoSite {
  code: string;
  name: string;
  timezone: string;
  description: string;
}

/** A device as the estate simulator defines it: already the shape the import takes. */
export type DemoDevice = EstateDevice;

/** Fresh copies every call, so a caller may change them freely. */
export function demoEstate(): { sites: DemoSite[]; devices: DemoDevice[] } {
  const estate = demoCampus();
  return {
    sites: estate.sites.map(({ code, name, timezone, description }) => ({ code, name, timezone, description })),
    devices: estate.devices.map((d) => ({ ...d })),
  };
}
