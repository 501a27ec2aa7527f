import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const RostersPage = lazy(() => import('./RostersPage'));
const RosterPage = lazy(() => import('./RosterPage'));

/** /rosters (the list) and /rosters/:id (one roster with its calendar), both behind the oncall:read entry. */
export default function RostersRoutes() {
  return (
    <Routes>
      <Route index element={<RostersPage />} />
      <Route path=":id" element={<RosterPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
