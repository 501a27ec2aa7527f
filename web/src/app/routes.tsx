import { Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFound } from '../components/NotFound';
import { RequirePermission } from '../components/RequirePermission';
import { AppShell } from './AppShell';
import { NAV } from './nav';
import { RequireAuth } from './RequireAuth';

const LoginPage = lazy(() => import('../pages/LoginPage'));
// The page a notification's acknowledgement link opens: no sign-in, the signed link is the credential.
const AckPage = lazy(() => import('../pages/ack/AckPage'));
// The satisfaction survey a client's link opens: no sign-in either, the link's token is the credential.
const SurveyPage = lazy(() => import('../pages/survey/SurveyPage'));

/** Pages are loaded on demand so the first screen stays small. Keys match NAV entries. */
const PAGES: Record<string, LazyExoticComponent<ComponentType>> = {
  home: lazy(() => import('../pages/HomePage')),
  alerts: lazy(() => import('../pages/alerts/AlertsRoutes')),
  incidents: lazy(() => import('../pages/incidents/IncidentsRoutes')),
  problems: lazy(() => import('../pages/problems/ProblemsRoutes')),
  kb: lazy(() => import('../pages/kb/KbRoutes')),
  plans: lazy(() => import('../pages/plans/PlansRoutes')),
  drills: lazy(() => import('../pages/drills/DrillsRoutes')),
  slaCalendars: lazy(() => import('../pages/sla/SlaCalendarsRoutes')),
  slaPolicies: lazy(() => import('../pages/sla/SlaPoliciesPage')),
  incidentSettings: lazy(() => import('../pages/incident-settings/IncidentSettingsRoutes')),
  alertRules: lazy(() => import('../pages/alerts/RulesRoutes')),
  silences: lazy(() => import('../pages/alerts/SilencesPage')),
  maintenance: lazy(() => import('../pages/alerts/MaintenancePage')),
  rosters: lazy(() => import('../pages/rosters/RostersRoutes')),
  escalationPolicies: lazy(() => import('../pages/escalation/EscalationPoliciesPage')),
  channels: lazy(() => import('../pages/channels/ChannelsPage')),
  estate: lazy(() => import('../pages/estate/EstateRoutes')),
  discovered: lazy(() => import('../pages/discovered/DiscoveredPage')),
  spareParts: lazy(() => import('../pages/spare-parts/SparePartsPage')),
  recon: lazy(() => import('../pages/recon/ReconRoutes')),
  imports: lazy(() => import('../pages/imports/ImportsPage')),
  users: lazy(() => import('../pages/users/UsersPage')),
  roles: lazy(() => import('../pages/roles/RolesPage')),
  sites: lazy(() => import('../pages/sites/SitesPage')),
  tokens: lazy(() => import('../pages/tokens/TokensPage')),
  audit: lazy(() => import('../pages/audit/AuditPage')),
  jobs: lazy(() => import('../pages/jobs/JobsPage')),
};

const fallback = <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;

export function AppRoutes() {
  return (
    <Suspense fallback={fallback}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/ack/:token" element={<AckPage />} />
        <Route path="/survey/:token" element={<SurveyPage />} />
        <Route
          element={
            <RequireAuth>
              <AppShell />
            </RequireAuth>
          }
        >
          {NAV.map((entry) => {
            const Page = PAGES[entry.key];
            if (!Page) return null;
            const element = (
              <RequirePermission permission={entry.permission}>
                <Page />
              </RequirePermission>
            );
            return entry.path === '/' ? (
              <Route key={entry.key} index element={element} />
            ) : (
              <Route key={entry.key} path={`${entry.path.slice(1)}/*`} element={element} />
            );
          })}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
