import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const ImportsPage = lazy(() => import('./ImportsPage'));
const ImportPage = lazy(() => import('./ImportPage'));
const JobsPage = lazy(() => import('./JobsPage'));
const JobPage = lazy(() => import('./JobPage'));
const DifferencePage = lazy(() => import('./DifferencePage'));

/**
 * Reconciliation (对账), behind recon:read: /recon/jobs (the day runs; /recon opens it), /recon/jobs/:id (summary,
 * trend, differences), /recon/differences/:id (side by side, timeline, the workflow), /recon/imports and
 * /recon/imports/:id (the bills, statements and ledgers with their findings and records).
 */
export default function ReconRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="jobs" replace />} />
      <Route path="imports" element={<ImportsPage />} />
      <Route path="imports/:id" element={<ImportPage />} />
      <Route path="jobs" element={<JobsPage />} />
      <Route path="jobs/:id" element={<JobPage />} />
      <Route path="differences/:id" element={<DifferencePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
