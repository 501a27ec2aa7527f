import { Card } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { PlanEditor } from './editor/PlanEditor';
import { planPath } from './planApi';
import type { Section } from './planForm';

/** A new plan, written as a draft (plans:write); it is used once published from its page. */
export default function PlanNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [section, setSection] = useState<Section>('basics');
  return (
    <>
      <PageHeader title={t('planLibrary.create')} />
      <Card size="small">
        <PlanEditor section={section} onSection={setSection} onSaved={(created) => void navigate(`${planPath(created.id)}?tab=edit`)} />
      </Card>
    </>
  );
}
