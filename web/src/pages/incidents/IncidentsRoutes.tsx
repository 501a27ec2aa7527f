import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Forbidden } from '../../components/Forbidden';
import { NotFound } from '../../components/NotFound';
import { useCan } from '../../hooks/usePermission';
import { INCIDENT_PERMISSION } from './incidentPermissions';

const IncidentsPage = lazy(() => import('./IncidentsPage'));
const IncidentPage = lazy(() => import('./IncidentPage'));
const IncidentRequestPage = lazy(() => import('./IncidentRequestPage'));
const WarRoomPage = lazy(() => import('./WarRoomPage'));

/**
 * /incidents (the list), /incidents/new (the request form; incidents:create), /incidents/:id and its war room
 * /incidents/:id/war-room, behind incidents:read.
 */
export default function IncidentsRoutes() {
  const can = useCan();
  return (
    <Routes>
      <Route index element={<IncidentsPage />} />
      <Route path="new" element={can(INCIDENT_PERMISSION.create) ? <IncidentRequestPage /> : <Forbidden />} />
      <Route path=":id" element={<IncidentPage />} />
      <Route path=":id/war-room" element={<WarRoomPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
