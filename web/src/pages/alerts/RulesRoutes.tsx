import { lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';

const RulesPage = lazy(() => import('./RulesPage'));
// The editor brings the backtest chart with it; it loads only when a rule is opened.
const RuleEditorPage = lazy(() => import('./RuleEditorPage'));

/** /alert-rules (the list), /alert-rules/new and /alert-rules/:id (the editor with its backtest). */
export default function RulesRoutes() {
  return (
    <Routes>
      <Route index element={<RulesPage />} />
      <Route path="new" element={<RuleEditorPage />} />
      <Route path=":id" element={<RuleEditorPage />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
