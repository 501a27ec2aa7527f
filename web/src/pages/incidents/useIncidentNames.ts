/** What the incident pages call things by: people, teams and cause categories, read once per page load. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsync } from '../../hooks/useAsync';
import { usePeople } from '../../hooks/usePeople';
import { useCan } from '../../hooks/usePermission';
import { incidentsApi, type CauseCategory, type Team } from './incidentsApi';
import type { TimelineNames } from './timeline';

let causesPromise: Promise<CauseCategory[]> | null = null;
let teamsPromise: Promise<Team[]> | null = null;

const cached = <T>(get: () => Promise<T> | null, set: (p: Promise<T> | null) => void, load: () => Promise<T>): Promise<T> => {
  const existing = get();
  if (existing) return existing;
  const fresh = load().catch((error: unknown) => {
    set(null);
    throw error;
  });
  set(fresh);
  return fresh;
};

const loadCauses = () => cached(() => causesPromise, (p) => (causesPromise = p), incidentsApi.causeCategories);
const loadTeams = () => cached(() => teamsPromise, (p) => (teamsPromise = p), incidentsApi.teams);

/** A cause category's name in the reader's language. */
export const causeName = (cause: Pick<CauseCategory, 'nameZh' | 'nameEn'>, language: string): string =>
  language.startsWith('en') ? cause.nameEn : cause.nameZh;

/**
 * People (with users:read; otherwise those `known` names), teams and cause categories (incidents:read), with the
 * functions the timeline names ids by; an unknown id or code shows as it is.
 */
export function useIncidentNames(known: Record<string, string> = {}) {
  const { i18n } = useTranslation();
  const can = useCan();
  const people = usePeople(known);
  const causes = useAsync(loadCauses, 'incident-causes', can('incidents:read'));
  const teams = useAsync(loadTeams, 'incident-teams', can('incidents:read'));
  return useMemo(() => {
    const causeByCode = new Map((causes.data ?? []).map((c) => [c.code, c]));
    const teamById = new Map((teams.data ?? []).map((team) => [team.id, team]));
    const names: TimelineNames = {
      person: (id, fallback) => {
        const name = people.name(id);
        return name === id && fallback ? fallback : name;
      },
      team: (id) => teamById.get(id)?.name ?? id,
      cause: (code) => {
        const cause = causeByCode.get(code);
        return cause ? causeName(cause, i18n.language) : code;
      },
    };
    return {
      names,
      people: people.options,
      teams: teams.data ?? [],
      /** the choices a resolution may give: enabled categories, in the order the settings list them */
      causes: (causes.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: causeName(c, i18n.language) })),
      causesLoaded: causes.data !== undefined,
    };
  }, [people, causes.data, teams.data, i18n.language]);
}
