import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const ProblemsPage = lazy(() => import('./ProblemsPage'));
const ProblemPage = lazy(() => import('./ProblemPage'));

/** /problems (the list, with the create dialog) and /problems/:id, behind incidents:read. */
export default function ProblemsRoutes() {
  return (
    <Routes>
      <Route index element={<ProblemsPage />} />
      <Route path=":id" element={<ProblemPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
