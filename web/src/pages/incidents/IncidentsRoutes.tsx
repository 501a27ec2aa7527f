import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Forbidden } from '../../components/Forbidden';
import { NotFound } from '../../components/NotFound';
import { useCan } from '../../hooks/usePermission';
import { INCIDENT_PERMISSION } from './incidentPermissions';

const IncidentsPage = lazy(() => import('./IncidentsPage'));
const IncidentPage = lazy(() => import('./IncidentPage'));
const IncidentRequestPage = lazy(() => import('./IncidentRequestPage'));

/** /incidents (the list), /incidents/new (the request form; incidents:create) and /incidents/:id, behind incidents:read. */
export default function IncidentsRoutes() {
  const can = useCan();
  return (
    <Routes>
      <Route index element={<IncidentsPage />} />
      <Route path="new" element={can(INCIDENT_PERMISSION.create) ? <IncidentRequestPage /> : <Forbidden />} />
      <Route path=":id" element={<IncidentPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
