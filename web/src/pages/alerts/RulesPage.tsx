import { DownloadOutlined, PlusOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Flex, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { alertRulesApi, type RuleDocumentFormat } from '../../api/alertRules';
import type { AlertRule } from '../../api/alerts';
import { saveBlob } from '../../app/download';
import { describeError } from '../../app/errors';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { useCursorList } from '../../hooks/useCursorList';
import { useCan } from '../../hooks/usePermission';
import { ALERT_PERMISSION } from './alertPermissions';
import { LevelTag } from './AlertTags';
import { ApplyRulesModal } from './ApplyRulesModal';
import { forgetRuleNames, ruleDisplayName } from './useAlertNames';

const PAGE_SIZE = 100;

/** The alert rules: kind, level, on or off, broken ones marked with why; rule documents out (export) and in (apply). */
export default function RulesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can(ALERT_PERMISSION.rules);
  const fetchPage = useCallback((cursor: string | undefined) => alertRulesApi.list(cursor, PAGE_SIZE), []);
  const list = useCursorList(fetchPage, 'rules');
  const [switching, setSwitching] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);

  const setEnabled = async (rule: AlertRule, enabled: boolean) => {
    setSwitching(rule.id);
    try {
      const next = await alertRulesApi.setEnabled(rule.id, enabled);
      list.replace((r) => r.id === rule.id, next);
      void message.success(t(enabled ? 'alertRule.enabledOn' : 'alertRule.enabledOff', { name: ruleDisplayName(rule, i18n.language) }));
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setSwitching(null);
    }
  };

  const exportAs = async (format: RuleDocumentFormat) => {
    try {
      const file = await alertRulesApi.exportDocument(format);
      saveBlob(file.blob, file.filename ?? `opsdesk-alert-rules.${format === 'yaml' ? 'yaml' : 'json'}`);
    } catch (error) {
      void message.error(describeError(t, error));
    }
  };

  const columns: ColumnsType<AlertRule> = [
    {
      title: t('alertRule.column.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Flex vertical gap={0}>
          <Flex gap={6} align="center" wrap>
            <Link to={`/alert-rules/${encodeURIComponent(r.id)}`} data-testid={`rule-link-${r.key}`}>
              {ruleDisplayName(r, i18n.language)}
            </Link>
            {r.builtin ? <Tag bordered={false}>{t('alertRule.builtin')}</Tag> : null}
            {r.broken ? (
              <Tooltip title={r.broken}>
                <Tag color="error" icon={<WarningOutlined />} data-testid={`rule-broken-${r.key}`}>
                  {t('alertRule.broken')}
                </Tag>
              </Tooltip>
            ) : null}
          </Flex>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {r.key}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('alertRule.column.kind'), key: 'kind', width: 130, render: (_: unknown, r) => <Tag>{t(`alertRule.kind.${r.condition.kind}`)}</Tag> },
    { title: t('alertRule.column.level'), key: 'level', width: 90, render: (_: unknown, r) => <LevelTag level={r.level} /> },
    {
      title: t('alertRule.column.enabled'),
      key: 'enabled',
      width: 90,
      render: (_: unknown, r) => (
        <Switch
          size="small"
          checked={r.enabled}
          disabled={!canWrite}
          loading={switching === r.id}
          onChange={(on) => void setEnabled(r, on)}
          data-testid={`rule-enabled-${r.key}`}
          aria-label={t('alertRule.column.enabled')}
        />
      ),
    },
    {
      title: t('alertRule.column.updatedAt'),
      key: 'updatedAt',
      width: 130,
      render: (_: unknown, r) => <RelativeTime iso={r.updatedAt} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.alertRules')}
        extra={
          <>
            <Dropdown
              menu={{
                items: (['yaml', 'json'] as const).map((format) => ({ key: format, label: t(`alertRule.exportAs.${format}`) })),
                onClick: ({ key }) => void exportAs(key as RuleDocumentFormat),
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="rules-export">
                {t('alertRule.export')}
              </Button>
            </Dropdown>
            {canWrite ? (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setApplying(true)} data-testid="rules-apply">
                  {t('alertRule.apply')}
                </Button>
                <Link to="/alert-rules/new">
                  <Button type="primary" icon={<PlusOutlined />} data-testid="rules-new">
                    {t('alertRule.new')}
                  </Button>
                </Link>
              </>
            ) : null}
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('alertRule.hint')}</Typography.Paragraph>
      <CursorTable<AlertRule>
        list={list}
        testId="rules-table"
        rowKey="id"
        size="middle"
        columns={columns}
        scroll={{ x: 760 }}
        onRow={(r) => ({ 'data-testid': `rule-row-${r.key}` }) as HTMLAttributes<HTMLElement>}
      />
      {applying ? (
        <ApplyRulesModal
          onClose={() => setApplying(false)}
          onApplied={() => {
            setApplying(false);
            forgetRuleNames();
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}
