import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { RequirePermission } from '../../components/RequirePermission';

const PlanListPage = lazy(() => import('./PlanListPage'));
const PlanNewPage = lazy(() => import('./PlanNewPage'));
const PlanPage = lazy(() => import('./PlanPage'));

/** /plans (the library), /plans/new (plans:write) and /plans/:id, behind plans:read. */
export default function PlansRoutes() {
  return (
    <Routes>
      <Route index element={<PlanListPage />} />
      <Route
        path="new"
        element={
          <RequirePermission permission="plans:write">
            <PlanNewPage />
          </RequirePermission>
        }
      />
      <Route path=":id" element={<PlanPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
