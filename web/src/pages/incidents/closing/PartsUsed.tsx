import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/format';
import { unitLabel } from '../../spare-parts/unit';
import { AddPartsModal } from './AddPartsModal';
import type { UsedPart } from './closingApi';

/**
 * The spare parts booked on the incident, each a stock movement out of its warehouse. New ones are added while the
 * incident is worked on or resolved; once the client confirmed it, the list is settled (the server refuses more).
 */
export function PartsUsed({ incidentId, parts, canAdd, onBooked }: { incidentId: string; parts: readonly UsedPart[]; canAdd: boolean; onBooked: () => void }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <Flex vertical gap={8}>
      <Table<UsedPart>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={[...parts]}
        scroll={{ x: 560 }}
        data-testid="closing-parts-table"
        locale={{ emptyText: <Typography.Text type="secondary">{t('closing.parts.empty')}</Typography.Text> }}
        onRow={(p) => ({ 'data-testid': `closing-part-${p.sku}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('spare.field.sku'), dataIndex: 'sku', key: 'sku', width: 130 },
          { title: t('spare.field.name'), dataIndex: 'name', key: 'name' },
          { title: t('spare.field.warehouse'), dataIndex: 'warehouse', key: 'warehouse', width: 110 },
          { title: t('closing.parts.quantity'), key: 'quantity', width: 90, render: (_: unknown, p) => <span data-testid={`closing-part-quantity-${p.sku}`}>{`${p.quantity} ${unitLabel(t, p.unit)}`}</span> },
          { title: t('spare.field.actor'), key: 'by', width: 110, render: (_: unknown, p) => p.by ?? t('common.none') },
          { title: t('spare.field.at'), key: 'at', width: 160, render: (_: unknown, p) => formatDateTime(p.at) },
        ]}
      />
      {canAdd ? (
        <div>
          <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="closing-parts-add">
            {t('closing.parts.add')}
          </Button>
        </div>
      ) : null}
      {adding ? (
        <AddPartsModal
          incidentId={incidentId}
          onClose={() => setAdding(false)}
          onBooked={() => {
            setAdding(false);
            onBooked();
          }}
        />
      ) : null}
    </Flex>
  );
}
