import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { CauseCategories } from './CauseCategories';
import { GeneralSettings } from './GeneralSettings';
import { Teams } from './Teams';

const TABS = ['general', 'causes', 'teams'] as const;

/**
 * /incident-settings (grading, workflow and intake), /incident-settings/causes and /incident-settings/teams, behind
 * incidents:read; changing any of them needs incidents:assign.
 */
export default function IncidentSettingsRoutes() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tab = pathname.replace(/^\/incident-settings\/?/, '').split('/')[0] || 'general';
  const known = (TABS as readonly string[]).includes(tab);
  return (
    <>
      <PageHeader title={t('nav.incidentSettings')} />
      {known ? (
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(key === 'general' ? '/incident-settings' : `/incident-settings/${key}`)}
          items={[
            { key: 'general', label: <span data-testid="settings-tab-general">{t('incidentSettings.tab.general')}</span> },
            { key: 'causes', label: <span data-testid="settings-tab-causes">{t('incidentSettings.tab.causes')}</span> },
            { key: 'teams', label: <span data-testid="settings-tab-teams">{t('incidentSettings.tab.teams')}</span> },
          ]}
        />
      ) : null}
      <Routes>
        <Route index element={<GeneralSettings />} />
        <Route path="causes" element={<CauseCategories />} />
        <Route path="teams" element={<Teams />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </>
  );
}
