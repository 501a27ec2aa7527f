import type { Executor } from '../../db/types.ts';
import { NotFoundError } from '../../errors.ts';
import { canSeeSite, type Actor } from '../auth/index.ts';
import { devicesRepository, type DeviceRow } from './devices.repository.ts';

/** A device the actor may see, or 404: a user limited to some sites learns nothing about other sites' devices. */
export async function visibleDevice(executor: Executor, actor: Actor, id: string): Promise<DeviceRow> {
  const row = await devicesRepository.findById(executor, id);
  if (!row || !canSeeSite(actor, row.site_id)) throw new NotFoundError('Device', id);
  return row;
}
