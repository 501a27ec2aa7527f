import { Col, Descriptions, Flex, Row, Segmented, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/users';
import type { AuditRecord } from '../../api/types';
import { prettyJson } from '../../app/format';
import { roleNameById, type RoleLike } from '../../app/roles';
import { useCan } from '../../hooks/usePermission';
import { classify, fieldsOf, userIdsOf } from './auditValues';
import { ShortId } from './ShortId';

const preStyle = {
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  padding: 12,
  margin: 0,
  maxHeight: 360,
  overflow: 'auto',
  fontSize: 12,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
} as const;

/** What the page knows to name things with: roles and sites (when the reader may list them), users seen or looked up. */
export interface AuditNames {
  roles: ReadonlyMap<string, RoleLike>;
  sites: ReadonlyMap<string, { name: string }>;
  users: ReadonlyMap<string, string>;
}

/** Usernames looked up once per page load, shared by every expanded record. */
const usernames = new Map<string, Promise<string | null>>();

/** Names for the user ids a record mentions that the page has not seen (needs users:read). */
function useLookedUpUsers(ids: string[], enabled: boolean): Record<string, string> {
  const [found, setFound] = useState<Record<string, string>>({});
  const key = ids.join(',');
  useEffect(() => {
    if (!enabled || key === '') return;
    let live = true;
    for (const id of key.split(',')) {
      if (!usernames.has(id)) usernames.set(id, usersApi.get(id).then((u) => u.username, () => null));
      void usernames.get(id)!.then((name) => {
        if (live && name) setFound((names) => ({ ...names, [id]: name }));
      });
    }
    return () => {
      live = false;
    };
  }, [key, enabled]);
  return found;
}

function FieldValue({ field, value, names }: { field: string; value: unknown; names: AuditNames }) {
  const { t } = useTranslation();
  const shown = classify(field, value);
  switch (shown.kind) {
    case 'empty':
      return <Typography.Text type="secondary">—</Typography.Text>;
    case 'time':
      return <span style={{ whiteSpace: 'nowrap' }}>{shown.text}</span>;
    case 'roles':
      return shown.ids.map((id) => <Tag key={id}>{roleNameById(t, id, names.roles)}</Tag>);
    case 'sites':
      return shown.ids.map((id) => {
        const site = names.sites.get(id);
        return site ? <Tag key={id}>{site.name}</Tag> : <ShortId key={id} id={id} />;
      });
    case 'user': {
      const name = names.users.get(shown.id);
      return name ? (
        <Flex gap={8} align="center" wrap>
          <span>{name}</span>
          <ShortId id={shown.id} />
        </Flex>
      ) : (
        <ShortId id={shown.id} />
      );
    }
    case 'id':
      return <ShortId id={shown.id} />;
    case 'text':
      return <span style={{ wordBreak: 'break-word' }}>{shown.text}</span>;
  }
}

/** One side of the change: field by field, changed fields marked, or the JSON when it is not an object. */
function Side({ title, value, other, names, testId }: { title: string; value: unknown; other: unknown; names: AuditNames; testId: string }) {
  const { t } = useTranslation();
  const fields = fieldsOf(value);
  const otherFields = new Map(fieldsOf(other) ?? []);
  const changed = (field: string, v: unknown) => other !== null && other !== undefined && JSON.stringify(otherFields.get(field)) !== JSON.stringify(v);
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      <div data-testid={testId} style={{ marginTop: 8 }}>
        {value === null || value === undefined ? (
          <Typography.Text type="secondary">{t('audit.detail.empty')}</Typography.Text>
        ) : fields ? (
          <Descriptions
            size="small"
            bordered
            column={1}
            items={fields.map(([field, v]) => ({
              key: field,
              label: <Typography.Text style={changed(field, v) ? { color: '#d46b08', fontWeight: 600 } : undefined}>{field}</Typography.Text>,
              children: (
                <span data-testid={`audit-field-${field}`}>
                  <FieldValue field={field} value={v} names={names} />
                </span>
              ),
            }))}
          />
        ) : (
          <pre style={preStyle}>{prettyJson(value)}</pre>
        )}
      </div>
    </>
  );
}

/**
 * Expanded audit row: before → after side by side with names and times (or the exact JSON the chain hashed), then the
 * reason, request id and the hash chain links.
 */
export function AuditDetail({ record, names }: { record: AuditRecord; names: AuditNames }) {
  const { t } = useTranslation();
  const can = useCan();
  const [view, setView] = useState<'read' | 'json'>('read');
  const unknownUsers = userIdsOf(record.before, record.after).filter((id) => !names.users.has(id));
  const looked = useLookedUpUsers(unknownUsers, can('users:read'));
  const allNames: AuditNames = { ...names, users: new Map([...names.users, ...Object.entries(looked)]) };

  return (
    <div data-testid={`audit-detail-${record.seq}`}>
      <Segmented
        size="small"
        value={view}
        onChange={(v) => setView(v as 'read' | 'json')}
        options={[
          { value: 'read', label: t('audit.detail.readable') },
          { value: 'json', label: t('audit.detail.json') },
        ]}
        style={{ marginBottom: 12 }}
        data-testid="audit-detail-view"
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          {view === 'read' ? (
            <Side title={t('audit.detail.before')} value={record.before} other={record.after} names={allNames} testId="audit-before" />
          ) : (
            <JsonSide title={t('audit.detail.before')} value={record.before} testId="audit-before" />
          )}
        </Col>
        <Col xs={24} md={12}>
          {view === 'read' ? (
            <Side title={t('audit.detail.after')} value={record.after} other={record.before} names={allNames} testId="audit-after" />
          ) : (
            <JsonSide title={t('audit.detail.after')} value={record.after} testId="audit-after" />
          )}
        </Col>
      </Row>
      <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('audit.detail.reason')}>{record.reason ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.requestId')}>
          {record.requestId ? <Typography.Text code>{record.requestId}</Typography.Text> : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.hash')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {record.hash}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('audit.detail.prevHash')}>
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {record.prevHash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function JsonSide({ title, value, testId }: { title: string; value: unknown; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ ...preStyle, marginTop: 8 }} data-testid={testId}>
        {value === null || value === undefined ? t('audit.detail.empty') : prettyJson(value)}
      </pre>
    </>
  );
}
