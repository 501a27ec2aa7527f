import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

/** The two lists of the reconciliation entry: the day runs and the imported files. */
export function ReconTabs({ active }: { active: 'jobs' | 'imports' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented<'jobs' | 'imports'>
      value={active}
      onChange={(next) => navigate(`/recon/${next}`)}
      options={[
        { value: 'jobs', label: <span data-testid="recon-tab-jobs">{t('recon.tab.jobs')}</span> },
        { value: 'imports', label: <span data-testid="recon-tab-imports">{t('recon.tab.imports')}</span> },
      ]}
      style={{ marginBottom: 16 }}
    />
  );
}
