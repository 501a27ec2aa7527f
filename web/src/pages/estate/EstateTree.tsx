import { Spin, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EstateTreeSite, HealthCounts as Counts } from '../../api/types';
import { HealthCounts } from '../../components/HealthTag';
import { useCatalogLabels } from '../../hooks/useEstate';

function NodeTitle({ label, total, counts, testId }: { label: string; total: number; counts: Counts; testId: string }) {
  return (
    <span data-testid={testId} style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
      <span>{label}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {total}
      </Typography.Text>
      <HealthCounts counts={counts} testId={`${testId}-health`} />
    </span>
  );
}

const sumCounts = (sites: EstateTreeSite[]): Counts =>
  sites.reduce<Counts>(
    (acc, s) => ({
      online: acc.online + s.health.online,
      degraded: acc.degraded + s.health.degraded,
      offline: acc.offline + s.health.offline,
      maintenance: acc.maintenance + s.health.maintenance,
      unknown: acc.unknown + s.health.unknown,
    }),
    { online: 0, degraded: 0, offline: 0, maintenance: 0, unknown: 0 },
  );

/** Sites → subsystems with device counts by health; selecting a node narrows the device list. */
export function EstateTree({
  sites,
  loading,
  selectedKey,
  onSelect,
}: {
  sites: EstateTreeSite[] | undefined;
  loading: boolean;
  selectedKey: string;
  onSelect: (key: string) => void;
}) {
  const { t } = useTranslation();
  const labels = useCatalogLabels();

  const treeData = useMemo<DataNode[]>(() => {
    const all = sites ?? [];
    return [
      {
        key: 'all',
        title: (
          <NodeTitle
            label={t('estate.allSites')}
            total={all.reduce((n, s) => n + s.total, 0)}
            counts={sumCounts(all)}
            testId="estate-tree-all"
          />
        ),
        children: all.map((site) => ({
          key: `site:${site.id}`,
          title: <NodeTitle label={site.name} total={site.total} counts={site.health} testId={`estate-tree-site-${site.code}`} />,
          children: site.subsystems.map((sub) => ({
            key: `sub:${site.id}:${sub.subsystem}`,
            title: (
              <NodeTitle
                label={labels.subsystem(sub.subsystem)}
                total={sub.total}
                counts={sub.health}
                testId={`estate-tree-sub-${site.code}-${sub.subsystem}`}
              />
            ),
            isLeaf: true,
          })),
        })),
      },
    ];
  }, [sites, t, labels]);

  if (!sites && loading) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  return (
    <div data-testid="estate-tree">
      <Tree
        blockNode
        defaultExpandedKeys={['all']}
        selectedKeys={[selectedKey]}
        treeData={treeData}
        onSelect={(keys) => {
          const key = keys[0];
          onSelect(key === undefined ? 'all' : String(key));
        }}
      />
    </div>
  );
}
