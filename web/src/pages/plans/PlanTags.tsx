import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A plan's state, category and marks as tags, the same on the list and the plan's page. */
export function PlanStateTag({ state, testId }: { state: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={state === 'active' ? 'green' : 'default'} data-testid={testId} data-state={state}>
      {t(`planLibrary.state.${state}`, { defaultValue: state })}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: string }) {
  const { t } = useTranslation();
  return <Tag color="blue">{t(`planLibrary.category.${category}`, { defaultValue: category })}</Tag>;
}

/** "Draft changed": the draft differs from the newest published version (publishing it makes the next one). */
export function DraftChangedTag({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color="orange" data-testid={testId}>
      {t('planLibrary.draftChanged')}
    </Tag>
  );
}

export function BuiltinTag() {
  const { t } = useTranslation();
  return <Tag title={t('planLibrary.builtinHint')}>{t('planLibrary.builtin')}</Tag>;
}
