import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Segmented, Select, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useCatalogOptions } from '../../hooks/useEstate';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { useCan } from '../../hooks/usePermission';
import { useSites } from '../../hooks/useReferenceData';
import { incidentPath } from './incidentColumns';
import { incidentsApi } from './incidentsApi';
import { GRADES, gradeOf, LEVEL_COLOR } from './incidentValues';
import { createBody, prefillFromParams, type RequestChannel, type RequestValues } from './requestForm';
import { SiteDevicePicker } from './SiteDevicePicker';

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 20_000;

/**
 * The request form (报修): a client or an engineer files an incident for one of their sites. The phone log is the same
 * form with the channel set to phone and the caller's fields first. Impact and urgency give the level; the default
 * matrix's answer shows as a hint (the server grades with the matrix in its settings).
 */
export default function IncidentRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const sites = useSites();
  const catalog = useCatalogOptions();
  const [params] = useSearchParams();
  const prefill = useMemo(() => prefillFromParams(params), [params]);
  const [form] = Form.useForm<RequestValues>();
  const { saving, run } = useFormSubmit(form);
  const channel = (Form.useWatch('channel', form) ?? prefill.values.channel ?? 'form') as RequestChannel;
  const siteId = Form.useWatch('siteId', form);
  const impact = Form.useWatch('impact', form);
  const urgency = Form.useWatch('urgency', form);
  const level = gradeOf(impact, urgency);
  const siteOptions = (sites.data ?? []).map((s) => ({ value: s.id, label: s.name }));

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const created = await incidentsApi.create(createBody({ ...values, channel }, prefill.alertIds));
      void message.success(t('incident.form.created', { ref: created.ref }));
      navigate(incidentPath(created.id));
    });
  };

  const maxRule = (max: number) => ({ max, message: t('validation.maxLength', { max }) });
  const reporter = (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Form.Item name="reporterName" label={t('incident.field.reporterName')} rules={[maxRule(100), ...(channel === 'phone' ? [{ required: true, whitespace: true, message: t('incident.form.callerRequired') }] : [])]}>
          <Input data-testid="incident-form-reporter-name" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="reporterPhone" label={t('incident.field.reporterPhone')} rules={[maxRule(40)]}>
          <Input data-testid="incident-form-reporter-phone" />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="reporterEmail" label={t('incident.field.reporterEmail')} rules={[{ type: 'email', message: t('incident.form.emailInvalid') }, maxRule(254)]}>
          <Input data-testid="incident-form-reporter-email" />
        </Form.Item>
      </Col>
    </Row>
  );

  return (
    <>
      <PageHeader
        title={
          <span>
            <Link to="/incidents" aria-label={t('incident.backToList')} style={{ marginInlineEnd: 8 }}>
              <ArrowLeftOutlined />
            </Link>
            {channel === 'phone' ? t('incident.form.phoneTitle') : t('incident.form.title')}
          </span>
        }
      />
      <Card style={{ maxWidth: 900 }}>
        {prefill.alertIds.length > 0 ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('incident.form.fromAlerts', { count: prefill.alertIds.length })} data-testid="incident-form-alerts" />
        ) : null}
        <Form<RequestValues> form={form} layout="vertical" initialValues={{ channel: 'form', impact: 'medium', urgency: 'medium', ...prefill.values }} data-testid="incident-form">
          <Form.Item name="channel" label={t('incident.field.channel')}>
            <Segmented<RequestChannel>
              options={[
                { value: 'form', label: t('incident.channel.form') },
                { value: 'phone', label: t('incident.channel.phone') },
              ]}
              data-testid="incident-form-channel"
            />
          </Form.Item>
          {channel === 'phone' ? reporter : null}
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="siteId" label={t('incident.field.site')} rules={[{ required: true, message: t('incident.form.siteRequired') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={siteOptions}
                  loading={sites.loading}
                  onChange={() => form.setFieldValue('deviceId', undefined)}
                  data-testid="incident-form-site"
                />
              </Form.Item>
            </Col>
            {can('estate:read') ? (
              <Col xs={24} md={12}>
                <Form.Item name="deviceId" label={t('incident.field.deviceOptional')}>
                  <SiteDevicePicker
                    siteId={siteId}
                    onPicked={(device) => {
                      if (device) form.setFieldValue('subsystem', device.subsystem);
                    }}
                    testId="incident-form-device"
                  />
                </Form.Item>
              </Col>
            ) : null}
          </Row>
          <Form.Item name="subsystem" label={t('incident.field.subsystemOptional')}>
            <Select allowClear options={catalog.subsystems} loading={catalog.loading} data-testid="incident-form-subsystem" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="impact" label={t('incident.impact.title')} rules={[{ required: true }]}>
                <Radio.Group data-testid="incident-form-impact" style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  {GRADES.map((grade) => (
                    <Radio key={grade} value={grade} data-testid={`incident-form-impact-${grade}`}>
                      {t(`incident.impact.${grade}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="urgency" label={t('incident.urgency.title')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={GRADES.map((grade) => ({ value: grade, label: t(`incident.urgency.${grade}`) }))}
                  data-testid="incident-form-urgency"
                />
              </Form.Item>
              {level ? (
                <Typography.Paragraph type="secondary" data-testid="incident-form-level-hint" data-level={level}>
                  {t('incident.form.levelHint')} <Tag color={LEVEL_COLOR[level]}>{t(`incident.level.${level}`)}</Tag>
                </Typography.Paragraph>
              ) : null}
            </Col>
          </Row>
          <Form.Item name="title" label={t('incident.field.title')} rules={[{ required: true, whitespace: true, message: t('incident.form.titleRequired') }, maxRule(TITLE_MAX)]}>
            <Input data-testid="incident-form-title" />
          </Form.Item>
          <Form.Item name="description" label={t('incident.field.description')} rules={[maxRule(DESCRIPTION_MAX)]}>
            <Input.TextArea rows={5} data-testid="incident-form-description" />
          </Form.Item>
          {channel === 'phone' ? null : reporter}
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="incident-form-submit">
            {t('incident.form.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
