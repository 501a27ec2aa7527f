import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const DrillCalendarPage = lazy(() => import('./DrillCalendarPage'));
const DrillRunPage = lazy(() => import('./DrillRunPage'));

/** /drills (the calendar with its schedules) and /drills/runs/:id (a run: checklist, findings, report), behind plans:read. */
export default function DrillsRoutes() {
  return (
    <Routes>
      <Route index element={<DrillCalendarPage />} />
      <Route path="runs/:id" element={<DrillRunPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
