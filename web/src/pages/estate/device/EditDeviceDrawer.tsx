import type { Device } from '../../../api/types';
import { useEstateTree } from '../../../hooks/useEstate';
import { DeviceFormDrawer } from '../DeviceFormDrawer';

/** The device drawer from the device page: loads the sites it offers only when it opens. */
export function EditDeviceDrawer({ device, onClose, onSaved }: { device: Device; onClose: () => void; onSaved: (device: Device) => void }) {
  const tree = useEstateTree();
  return <DeviceFormDrawer device={device} sites={tree.data ?? []} onClose={onClose} onSaved={(saved) => onSaved(saved)} />;
}
