/** What the drill dialogs share: the published plans to drill, and the site and people pickers. */
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAsync } from '../../hooks/useAsync';
import { usePeople } from '../../hooks/usePeople';
import { useSites } from '../../hooks/useReferenceData';
import { planApi } from '../plans/planApi';

/** Active plans with a published version: only those can be drilled. */
export function usePublishedPlans() {
  const plans = useAsync(() => planApi.list({ state: 'active', limit: 200 }), 'drill-plans');
  return { loading: plans.loading, options: (plans.data?.items ?? []).filter((p) => p.publishedVersion !== null).map((p) => ({ value: p.id, label: p.title })) };
}

export function SitesSelect(props: { value?: string[]; onChange?: (v: string[]) => void; testId: string }) {
  const sites = useSites();
  const { t } = useTranslation();
  return (
    <Select
      mode="multiple"
      value={props.value}
      onChange={props.onChange}
      loading={sites.loading}
      placeholder={t('drills.field.sites')}
      options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
      optionFilterProp="label"
      data-testid={props.testId}
    />
  );
}

export function PeopleSelect(props: { value?: string[] | string | null; onChange?: (v: never) => void; known?: Record<string, string>; single?: boolean; testId: string }) {
  const people = usePeople(props.known);
  return (
    <Select
      mode={props.single ? undefined : 'multiple'}
      allowClear
      value={(props.value ?? undefined) as never}
      onChange={props.onChange}
      loading={people.loading}
      options={people.options}
      optionFilterProp="label"
      data-testid={props.testId}
    />
  );
}
