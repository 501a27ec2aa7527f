import { Alert, Button, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../app/formErrors';
import { ErrorAlert } from '../../components/ErrorAlert';
import {
  AMOUNT_UNITS,
  choiceProblems,
  createColumnMapping,
  LEDGER_FIELDS,
  MAPPING_NAME_MAX,
  mappingBody,
  REQUIRED_FIELDS,
  type AmountUnit,
  type ColumnMapping,
  type LedgerField,
  type MappingChoices,
  type MappingNeed,
} from './columnMappings';

interface EditorValues {
  name: string;
  amountUnit?: AmountUnit;
  columns: MappingChoices;
}

/**
 * The step after an upload failed with NEEDS_MAPPING, inside the upload dialog: use a saved mapping the server
 * offered, or say which of the file's header columns holds each field, name the mapping and save it; either way the
 * same file is sent again with it (a failed import of the same bytes makes way for the retry).
 */
export function MappingEditor({ need, disabled, onRetry }: { need: MappingNeed; disabled: boolean; onRetry: (mappingName: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditorValues>();
  const [offered, setOffered] = useState<string | undefined>(need.offered.find((m) => m.matchesHeader)?.name);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const columnOptions = need.header.map((cell, index) => ({ value: index, label: `${index + 1}. ${cell || t('recon.mapping.blankColumn')}` }));

  const save = async () => {
    const values = await form.validateFields();
    const columns = values.columns ?? {};
    const problems = choiceProblems(columns, need.missing);
    if (problems.length > 0) {
      form.setFields(problems.map((p) => ({ name: ['columns', p.field], errors: [t(`recon.mapping.problem.${p.problem}`)] })));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved: ColumnMapping = await createColumnMapping(mappingBody(values.name, need.header, columns, values.amountUnit));
      onRetry(saved.name);
    } catch (e) {
      if (!applyServerErrors(form, t, e)) setError(e);
    } finally {
      setSaving(false);
    }
  };

  const fieldLabel = (f: LedgerField) => (REQUIRED_FIELDS.includes(f) ? `${t(`recon.mapping.field.${f}`)} *` : t(`recon.mapping.field.${f}`));

  return (
    <div data-testid="recon-mapping-editor" style={{ marginTop: 12 }}>
      <Alert type="info" showIcon title={t('recon.mapping.title')} description={t('recon.mapping.intro')} style={{ marginBottom: 12 }} />
      {need.offered.length > 0 ? (
        <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
          <Select
            style={{ flex: 1 }}
            placeholder={t('recon.mapping.useSavedPlaceholder')}
            value={offered}
            onChange={setOffered}
            options={need.offered.map((m) => ({ value: m.name, label: m.matchesHeader ? t('recon.mapping.savedForHeader', { name: m.name }) : m.name }))}
            data-testid="recon-mapping-offered"
          />
          <Button disabled={disabled || !offered} onClick={() => offered && onRetry(offered)} data-testid="recon-mapping-use-saved">
            {t('recon.mapping.useSaved')}
          </Button>
        </Space.Compact>
      ) : null}
      <Typography.Paragraph type="secondary">{t('recon.mapping.chooseColumns', { columns: need.header.length })}</Typography.Paragraph>
      <Form form={form} layout="vertical" size="small" disabled={disabled || saving} data-testid="recon-mapping-form">
        <Row gutter={12}>
          {LEDGER_FIELDS.map((f) => (
            <Col span={8} key={f}>
              <Form.Item name={['columns', f]} label={fieldLabel(f)} style={{ marginBottom: 8 }}>
                <Select allowClear placeholder={t('recon.mapping.fromHeader')} options={columnOptions} data-testid={`recon-mapping-field-${f}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="amountUnit" label={t('recon.mapping.amountUnit')} extra={t('recon.mapping.amountUnitHint')}>
              <Select allowClear options={AMOUNT_UNITS.map((u) => ({ value: u, label: t(`recon.mapping.unit.${u}`) }))} data-testid="recon-mapping-unit" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('recon.mapping.name')} extra={t('recon.mapping.nameHint')} rules={[{ required: true, whitespace: true, message: t('recon.mapping.nameRequired') }]}>
              <Input maxLength={MAPPING_NAME_MAX} data-testid="recon-mapping-name" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" loading={saving} onClick={() => void save().catch(() => undefined)} data-testid="recon-mapping-save">
          {t('recon.mapping.saveAndRetry')}
        </Button>
      </Form>
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={error} />
        </div>
      ) : null}
    </div>
  );
}
