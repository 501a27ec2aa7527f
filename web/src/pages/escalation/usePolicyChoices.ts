import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { channelsApi } from '../../api/notify';
import { rostersApi } from '../../api/oncall';
import { roleName, roleNameById } from '../../app/roles';
import { useAsync } from '../../hooks/useAsync';
import { useCatalogOptions } from '../../hooks/useEstate';
import { usePeople } from '../../hooks/usePeople';
import { useCan } from '../../hooks/usePermission';
import { useRoles, useSites } from '../../hooks/useReferenceData';
import type { StepChoices } from './StepFields';

/**
 * What a policy's fields choose from: people, rosters, roles, channels, sites and subsystems, each as far as the
 * reader may list them (a name the reader cannot list shows as its id), plus names for the list page.
 */
export function usePolicyChoices() {
  const { t } = useTranslation();
  const can = useCan();
  const people = usePeople();
  const roles = useRoles();
  const sites = useSites();
  const catalog = useCatalogOptions();
  const rosters = useAsync(() => rostersApi.list(), 'rosters', can('oncall:read'));
  const channels = useAsync(() => channelsApi.list(), 'channels', can('notify:read'));

  return useMemo(() => {
    const choices: StepChoices = {
      users: people.options,
      rosters: (rosters.data?.items ?? []).map((r) => ({ value: r.id, label: r.name })),
      roles: (roles.data ?? []).map((r) => ({ value: r.id, label: roleName(t, r) })),
      channels: (channels.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
    };
    const label = (options: { value: string; label: string }[]) => {
      const byId = new Map(options.map((o) => [o.value, o.label]));
      return (id: string) => byId.get(id) ?? id;
    };
    return {
      choices,
      sites: (sites.data ?? []).map((s) => ({ value: s.id, label: s.name })),
      subsystems: catalog.subsystems,
      /** the built-in in-console channel: a new policy's first step uses it */
      consoleChannelIds: (channels.data?.items ?? []).filter((c) => c.builtin).map((c) => c.id),
      names: {
        user: people.name,
        roster: label(choices.rosters),
        role: (id: string) => roleNameById(t, id, roles.byId),
        channel: label(choices.channels),
        site: (id: string) => sites.byId.get(id)?.name ?? id,
      },
    };
  }, [people, rosters.data, roles.data, roles.byId, channels.data, sites.data, sites.byId, catalog.subsystems, t]);
}
