import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const AlertsPage = lazy(() => import('./AlertsPage'));
// The alert page brings its chart with it; it loads only when an alert is opened.
const AlertPage = lazy(() => import('./AlertPage'));

/** /alerts (the list) and /alerts/:id (one alert), both behind the alerts:read entry of the menu. */
export default function AlertsRoutes() {
  return (
    <Routes>
      <Route index element={<AlertsPage />} />
      <Route path=":id" element={<AlertPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
