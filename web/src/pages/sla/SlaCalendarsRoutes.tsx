import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const SlaCalendarsPage = lazy(() => import('./SlaCalendarsPage'));
const SlaCalendarPage = lazy(() => import('./SlaCalendarPage'));

/** /sla-calendars (the list) and /sla-calendars/:id (one calendar with its year view), behind incidents:read. */
export default function SlaCalendarsRoutes() {
  return (
    <Routes>
      <Route index element={<SlaCalendarsPage />} />
      <Route path=":id" element={<SlaCalendarPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
