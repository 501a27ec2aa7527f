import { CrownOutlined } from '@ant-design/icons';
import { Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useOnDuty } from './onDuty';

/** Who each duty roster has on duty now (read-only; the assign dialog offers them too). */
export function OnDutyNow({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const loaded = useOnDuty(incidentId);
  const rosters = (loaded.data ?? []).filter((r) => r.people.length > 0 || r.leader);
  return (
    <Flex vertical gap={8} data-testid="war-room-on-duty">
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {loaded.data && rosters.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('incidentPlan.warRoomPage.nobodyOnDuty')} /> : null}
      {rosters.map((r) => (
        <Flex key={r.rosterId} vertical gap={4} data-testid={`war-room-roster-${r.rosterId}`}>
          <Typography.Text type="secondary">{r.rosterName}</Typography.Text>
          <Flex gap={4} wrap>
            {r.people.map((p) => (
              <Tag key={p.userId} data-testid={`war-room-on-duty-${p.userId}`}>
                {p.name}
              </Tag>
            ))}
            {r.leader ? (
              <Tag icon={<CrownOutlined />} color="gold" data-testid={`war-room-leader-${r.leader.userId}`}>
                {t('roster.leaderOnDuty', { name: r.leader.name })}
              </Tag>
            ) : null}
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
}
