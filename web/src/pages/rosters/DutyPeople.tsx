import { CrownOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Who a duty names, by the roster's `people` map; nobody is said plainly (a gap is worth seeing); the leader apart. */
export function DutyPeople({
  userIds,
  leaderUserId,
  people,
  testId,
}: {
  userIds: readonly string[];
  leaderUserId?: string | null;
  people: Record<string, string>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const name = (id: string) => people[id] ?? id;
  return (
    <Flex gap={4} wrap align="center" data-testid={testId}>
      {userIds.length === 0 ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('roster.nobody')}
        </Tag>
      ) : (
        <Typography.Text strong>{userIds.map(name).join(t('common.listSeparator'))}</Typography.Text>
      )}
      {leaderUserId ? (
        <Tag icon={<CrownOutlined />} color="gold" style={{ marginInlineEnd: 0 }}>
          {t('roster.leaderOnDuty', { name: name(leaderUserId) })}
        </Tag>
      ) : null}
    </Flex>
  );
}
