import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Site } from '../api/types';

/** Shows a site scope: "all sites", or one tag per site (by name when the site list is known). */
export function SiteScope({ siteIds, sites }: { siteIds: string[] | null; sites: Map<string, Site> }) {
  const { t } = useTranslation();
  if (siteIds === null) return <Tag color="blue">{t('site.allSites')}</Tag>;
  if (siteIds.length === 0) return <Tag>{t('site.noSites')}</Tag>;
  return (
    <>
      {siteIds.map((id) => {
        const site = sites.get(id);
        return (
          <Tag key={id} title={site?.code ?? id}>
            {site?.name ?? id}
          </Tag>
        );
      })}
    </>
  );
}
