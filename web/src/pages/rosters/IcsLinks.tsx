import { CalendarOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { rostersApi, type Roster } from '../../api/oncall';
import { useMe } from '../../hooks/useAuth';
import { useLocale } from '../../hooks/useLocale';

/** The roster as iCalendar (.ics) for a calendar app: all of it, or only the signed-in person's shifts. */
export function IcsLinks({ roster }: { roster: Roster }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const all = rostersApi.icsUrl(roster.id, { lang: locale });
  const mine = rostersApi.icsUrl(roster.id, { userId: me.id, lang: locale });
  const absolute = (url: string) => `${window.location.origin}${url}`;
  return (
    <Flex gap={16} wrap align="center" data-testid="roster-ics">
      <CalendarOutlined />
      <Typography.Link href={all} download data-testid="roster-ics-all" copyable={{ text: absolute(all), tooltips: [t('common.copy'), t('common.copied')] }}>
        {t('roster.ics.all')}
      </Typography.Link>
      <Typography.Link href={mine} download data-testid="roster-ics-mine" copyable={{ text: absolute(mine), tooltips: [t('common.copy'), t('common.copied')] }}>
        {t('roster.ics.mine')}
      </Typography.Link>
    </Flex>
  );
}
