/** What the alert pages call things by: a rule's name for its id, a site's name for its id. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../api/alerts';
import { alertRulesApi } from '../../api/alertRules';
import type { AlertRule } from '../../api/alerts';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { labelText } from './alertValues';

const MAX_RULE_PAGES = 10;

let rulesPromise: Promise<AlertRule[]> | null = null;

async function loadRules(): Promise<AlertRule[]> {
  const all: AlertRule[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_RULE_PAGES; page++) {
    const result = await alertRulesApi.list(cursor);
    all.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}

/** The rules, read once per page load (names rarely change; the rules page reads them afresh). */
function cachedRules(): Promise<AlertRule[]> {
  rulesPromise ??= loadRules().catch((error: unknown) => {
    rulesPromise = null;
    throw error;
  });
  return rulesPromise;
}

/** Forget the cached rule names (after a rule was saved). */
export function forgetRuleNames(): void {
  rulesPromise = null;
}

/** A rule's name in the reader's language: its English name in English when it has one. */
export function ruleDisplayName(rule: Pick<AlertRule, 'name' | 'nameEn'>, language: string): string {
  return language.startsWith('en') && rule.nameEn ? rule.nameEn : rule.name;
}

export function useAlertNames() {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const rules = useAsync(cachedRules, 'alert-rule-names', can('alerts:read'));
  const sites = useSites();
  const ruleById = useMemo(() => new Map((rules.data ?? []).map((r) => [r.id, r])), [rules.data]);
  const language = i18n.language;

  /**
   * The alert's title: its rule's name; for a topology alert, what went down; for an external alert its alertname (its
   * summary is the detail line below it).
   */
  const title = useCallback(
    (alert: Pick<Alert, 'ruleId' | 'name' | 'source' | 'detail'>) => {
      const rule = alert.ruleId ? ruleById.get(alert.ruleId) : undefined;
      if (rule) return ruleDisplayName(rule, language);
      if (alert.source === 'topology') return t(`alert.topologyTitle.${alert.detail.code}`, { defaultValue: alert.name });
      return alert.name;
    },
    [ruleById, language, t],
  );
  /** A site's name, or its code from the alert's labels when the sites cannot be read. */
  const siteName = useCallback(
    (alert: Pick<Alert, 'siteId' | 'labels'>) => (alert.siteId ? sites.byId.get(alert.siteId)?.name : undefined) ?? labelText(alert.labels.site),
    [sites.byId],
  );
  const siteNameById = useCallback((id: string | null) => (id ? (sites.byId.get(id)?.name ?? null) : null), [sites.byId]);
  return { title, siteName, siteNameById, ruleById, sites: sites.data ?? [] };
}
