import { ArrowLeftOutlined, DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert as Notice, App, Button, Card, Col, Flex, Form, Input, InputNumber, Popconfirm, Radio, Row, Select, Space, Spin, Switch, Tag, Typography, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { alertRulesApi } from '../../api/alertRules';
import type { AlertRule, RuleDefinition, RuleKind } from '../../api/alerts';
import { ApiError } from '../../api/client';
import { describeError, describeProblem } from '../../app/errors';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFound } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../hooks/useAsync';
import { useCan } from '../../hooks/usePermission';
import { ALERT_PERMISSION } from './alertPermissions';
import { LEVELS } from './alertValues';
import { BacktestPanel } from './BacktestPanel';
import { ConditionFields } from './ConditionFields';
import { LabelRows } from './LabelRows';
import { defaultCondition, formToDefinition, hasThreshold, placedProblems, RULE_KEY_PATTERN, RULE_KINDS, ruleToForm, type PlacedProblem, type RuleFormValues } from './ruleForm';
import { OverridesEditor, ScopeFields } from './ScopeFields';
import { forgetRuleNames, useAlertNames } from './useAlertNames';

const THRESHOLD_LABEL: Partial<Record<RuleKind, string>> = {
  threshold: 'alertRule.field.threshold',
  ratio: 'alertRule.field.thresholdPct',
  change: 'alertRule.field.changeThreshold',
  baseline: 'alertRule.field.deviations',
};

/** /alert-rules/new and /alert-rules/:id: the editor, reading the rule first when it exists. */
export default function RuleEditorPage() {
  const { id } = useParams();
  const creating = !id || id === 'new';
  const loaded = useAsync(() => alertRulesApi.get(id!), id ?? 'new', !creating);
  if (creating) return <RuleEditor rule={null} />;
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
  const rule = loaded.data?.id === id ? loaded.data : undefined;
  if (!rule) return loaded.error ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin style={{ display: 'block', margin: '80px auto' }} />;
  // A saved edit comes back with a new version, and the editor starts again from what was stored.
  return <RuleEditor key={`${rule.id}:${rule.version}`} rule={rule} onSaved={(saved) => loaded.setData(() => saved)} />;
}

function RuleEditor({ rule, onSaved }: { rule: AlertRule | null; onSaved?: (rule: AlertRule) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const canWrite = can(ALERT_PERMISSION.rules);
  const names = useAlertNames();
  const [form] = Form.useForm<RuleFormValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<PlacedProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const kind = (Form.useWatch(['condition', 'kind'], form) as RuleKind | undefined) ?? rule?.condition.kind ?? 'threshold';
  const ruleKeys = [...names.ruleById.values()].map((r) => r.key).filter((key) => key !== rule?.key);

  /** The definition as edited, or null (and the fields marked) when the form does not pass its own checks. */
  const definition = async (): Promise<RuleDefinition | null> => {
    try {
      await form.validateFields();
    } catch {
      return null;
    }
    return formToDefinition(form.getFieldsValue(true) as RuleFormValues);
  };

  const showRefusal = (caught: unknown) => {
    const placed = caught instanceof ApiError ? placedProblems(caught.details) : [];
    if (placed.length > 0) {
      setProblems(placed);
      form.setFields(placed.map((p) => ({ name: p.name, errors: [describeProblem(t, p)] })) as Parameters<typeof form.setFields>[0]);
    } else setError(caught);
  };

  const save = async () => {
    const body = await definition();
    if (!body) return;
    setSaving(true);
    setProblems([]);
    setError(null);
    try {
      const saved = rule ? await alertRulesApi.replace(rule.id, body) : await alertRulesApi.create(body);
      forgetRuleNames();
      void message.success(t(rule ? 'alertRule.saved' : 'alertRule.created', { name: saved.name }));
      if (rule) onSaved?.(saved);
      else navigate(`/alert-rules/${encodeURIComponent(saved.id)}`, { replace: true });
    } catch (caught) {
      showRefusal(caught);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!rule) return;
    try {
      await alertRulesApi.remove(rule.id);
      forgetRuleNames();
      void message.success(t('alertRule.deleted', { name: rule.name }));
      navigate('/alert-rules');
    } catch (caught) {
      void message.error(describeError(t, caught));
    }
  };

  const thresholdLabel = hasThreshold(kind) && THRESHOLD_LABEL[kind] ? t(THRESHOLD_LABEL[kind]) : null;

  return (
    <>
      <PageHeader
        title={
          <Flex align="center" gap={8} wrap>
            <Link to="/alert-rules" aria-label={t('alertRule.backToList')}>
              <ArrowLeftOutlined />
            </Link>
            <span data-testid="rule-title">{rule ? rule.name : t('alertRule.newTitle')}</span>
            {rule?.builtin ? <Tag>{t('alertRule.builtin')}</Tag> : null}
            {rule ? <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>{t('alertRule.version', { version: rule.version })}</Typography.Text> : null}
          </Flex>
        }
        extra={
          canWrite ? (
            <>
              {rule && !rule.builtin ? (
                <Popconfirm
                  title={t('alertRule.confirmDelete', { name: rule.name })}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true, 'data-testid': 'rule-delete-confirm' } as ButtonProps}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove()}
                >
                  <Button danger icon={<DeleteOutlined />} data-testid="rule-delete">
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              ) : null}
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="rule-save">
                {t('common.save')}
              </Button>
            </>
          ) : null
        }
      />
      {rule?.broken ? <Notice type="error" showIcon style={{ marginBottom: 16 }} title={t('alertRule.brokenTitle')} description={rule.broken} data-testid="rule-broken" /> : null}
      {!canWrite ? <Notice type="info" showIcon style={{ marginBottom: 16 }} title={t('alertRule.readOnly')} /> : null}
      <ErrorAlert error={error} />
      {problems.length > 0 ? (
        <Notice
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('alertRule.refused')}
          description={problems.map((p) => (
            <div key={`${p.field}:${p.message}`}>
              <Typography.Text code>{p.name.join('.') || p.field}</Typography.Text> {describeProblem(t, p)}
            </div>
          ))}
          data-testid="rule-problems"
        />
      ) : null}
      <Form form={form} layout="vertical" initialValues={ruleToForm(rule)} disabled={!canWrite} data-testid="rule-form">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card size="small" title={t('alertRule.section.basics')}>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item
                  name="key"
                  label={t('alertRule.field.key')}
                  extra={rule ? t('alertRule.keyFixed') : t('alertRule.keyHint')}
                  rules={[
                    { required: true, message: t('validation.required') },
                    { pattern: RULE_KEY_PATTERN, message: t('alertRule.keyPattern') },
                    { max: 100, message: t('validation.maxLength', { max: 100 }) },
                  ]}
                >
                  <Input disabled={rule !== null} data-testid="rule-key" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="name" label={t('alertRule.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 200, message: t('validation.maxLength', { max: 200 }) }]}>
                  <Input data-testid="rule-name" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="nameEn" label={t('alertRule.field.nameEn')} rules={[{ max: 200, message: t('validation.maxLength', { max: 200 }) }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item name="description" label={t('alertRule.field.description')} rules={[{ max: 2000, message: t('validation.maxLength', { max: 2000 }) }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="level" label={t('alertRule.field.level')}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={LEVELS.map((l) => ({ value: l, label: t(`alert.level.${l}`) }))} data-testid="rule-level" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="enabled" label={t('alertRule.field.enabled')} valuePropName="checked">
                  <Switch data-testid="rule-enabled" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
          <Card size="small" title={t('alertRule.section.condition')}>
            <Form.Item name={['condition', 'kind']} label={t('alertRule.field.kind')} extra={t(`alertRule.kindHint.${kind}`)}>
              <Select
                options={RULE_KINDS.map((k) => ({ value: k, label: t(`alertRule.kind.${k}`) }))}
                onChange={(next: RuleKind) => form.setFieldValue('condition', defaultCondition(next))}
                style={{ maxWidth: 320 }}
                data-testid="rule-kind"
              />
            </Form.Item>
            <ConditionFields kind={kind} ruleKeys={ruleKeys} />
          </Card>
          <Card size="small" title={t('alertRule.section.scope')}>
            <Typography.Paragraph type="secondary">{t('alertRule.scope.hint')}</Typography.Paragraph>
            <ScopeFields prefix={['scope']} sites={names.sites} withLabels />
          </Card>
          <Card size="small" title={t('alertRule.section.overrides')}>
            <Typography.Paragraph type="secondary">{t('alertRule.overridesHint')}</Typography.Paragraph>
            <OverridesEditor sites={names.sites} thresholdLabel={thresholdLabel} />
          </Card>
          <Card size="small" title={t('alertRule.section.timing')}>
            <Row gutter={12}>
              <Col xs={24} md={8}>
                <Form.Item name="forMinutes" label={t('alertRule.field.forMinutes')} extra={t('alertRule.forHint')}>
                  <InputNumber min={0} max={1440} suffix={t('alertRule.minutes')} style={{ width: '100%' }} data-testid="rule-for" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="keepFiringMinutes" label={t('alertRule.field.keepFiringMinutes')} extra={t('alertRule.keepFiringHint')}>
                  <InputNumber min={0} max={1440} suffix={t('alertRule.minutes')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="groupBy" label={t('alertRule.field.groupBy')} extra={t('alertRule.groupByHint')}>
                  <Select mode="tags" tokenSeparators={[',', ' ']} placeholder="alertname, site" options={['alertname', 'site', 'subsystem', 'device', 'device_type', 'level'].map((v) => ({ value: v, label: v }))} />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item label={t('alertRule.field.labels')} extra={t('alertRule.labelsHint')}>
                  <LabelRows name="labels" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        </Space>
      </Form>
      <div style={{ marginTop: 16 }}>
        <BacktestPanel ruleId={rule?.id ?? null} proposed={definition} />
      </div>
    </>
  );
}
