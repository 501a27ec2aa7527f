import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const EstatePage = lazy(() => import('./EstatePage'));
// The device page brings the charts with it; it loads only when a device is opened.
const DevicePage = lazy(() => import('./device/DevicePage'));

/** /devices (the estate) and /devices/:id (one device), both behind the estate:read entry of the menu. */
export default function EstateRoutes() {
  return (
    <Routes>
      <Route index element={<EstatePage />} />
      <Route path=":id" element={<DevicePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
