import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { RequirePermission } from '../../components/RequirePermission';

const KbListPage = lazy(() => import('./KbListPage'));
const KbNewPage = lazy(() => import('./KbNewPage'));
const KbArticlePage = lazy(() => import('./KbArticlePage'));

/** /kb (search and list), /kb/new (plans:write) and /kb/:id, behind plans:read. */
export default function KbRoutes() {
  return (
    <Routes>
      <Route index element={<KbListPage />} />
      <Route
        path="new"
        element={
          <RequirePermission permission="plans:write">
            <KbNewPage />
          </RequirePermission>
        }
      />
      <Route path=":id" element={<KbArticlePage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
