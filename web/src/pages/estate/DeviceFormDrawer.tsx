import { App, Button, Col, DatePicker, Drawer, Flex, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { estateApi } from '../../api/estate';
import type { Device, EstateTreeSite } from '../../api/types';
import { DevicePicker } from '../../components/DevicePicker';
import { useCatalogOptions } from '../../hooks/useEstate';
import { useIsMobile } from '../../hooks/useIsMobile';
import { DATE_FORMAT, DEVICE_CODE_PATTERN, toCreateRequest, toFormValues, toUpdateRequest, type DeviceFormValues } from './deviceForm';
import { LabelsEditor } from './LabelsEditor';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** Register a device, or change one (its code stays). */
export function DeviceFormDrawer({
  device,
  sites,
  defaults,
  onClose,
  onSaved,
}: {
  device: Device | null;
  sites: EstateTreeSite[];
  /** Prefilled site / subsystem for a new device (from the tree selection). */
  defaults?: Partial<Pick<DeviceFormValues, 'siteId' | 'subsystem'>>;
  onClose: () => void;
  onSaved: (device: Device, created: boolean) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const catalog = useCatalogOptions();
  const [form] = Form.useForm<DeviceFormValues>();
  const { saving, run } = useFormSubmit(form);
  const creating = device === null;

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const saved = creating
        ? await estateApi.create(toCreateRequest(values))
        : await estateApi.update(device.id, toUpdateRequest(values));
      void message.success(t(creating ? 'device.created' : 'device.saved', { code: saved.code }));
      onSaved(saved, creating);
    });
  };

  const half = isMobile ? 24 : 12;
  return (
    <Drawer
      open
      title={creating ? t('device.createTitle') : t('device.editTitle', { code: device.code })}
      size={isMobile ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      data-testid="device-form"
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="device-form-submit">
            {creating ? t('common.create') : t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" initialValues={{ ...toFormValues(device), ...(creating ? defaults : {}) }}>
        <Row gutter={12}>
          <Col span={half}>
            <Form.Item
              name="code"
              label={t('device.field.code')}
              extra={creating ? t('device.codeHint') : undefined}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { pattern: DEVICE_CODE_PATTERN, message: t('device.codePattern') },
              ]}
            >
              <Input disabled={!creating} data-testid="device-form-code" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item
              name="name"
              label={t('device.field.name')}
              rules={[
                { required: true, whitespace: true, message: t('validation.required') },
                { max: 100, message: t('validation.maxLength', { max: 100 }) },
              ]}
            >
              <Input data-testid="device-form-name" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="type" label={t('device.field.type')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={catalog.types} loading={catalog.loading} data-testid="device-form-type" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="subsystem" label={t('device.field.subsystem')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select options={catalog.subsystems} loading={catalog.loading} data-testid="device-form-subsystem" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="siteId" label={t('device.field.site')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
                data-testid="device-form-site"
              />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="upstreamId" label={t('device.field.upstream')}>
              <DevicePicker excludeId={device?.id} testId="device-form-upstream" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="model" label={t('device.field.model')} rules={[{ max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="serial" label={t('device.field.serial')} rules={[{ max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="ip" label={t('device.field.ip')} rules={[{ max: 45, message: t('validation.maxLength', { max: 45 }) }]}>
              <Input inputMode="decimal" data-testid="device-form-ip" />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="firmware" label={t('device.field.firmware')} rules={[{ max: 100, message: t('validation.maxLength', { max: 100 }) }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="installDate" label={t('device.field.installDate')}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={half}>
            <Form.Item name="warrantyEnd" label={t('device.field.warrantyEnd')}>
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('device.field.labels')}>
          <LabelsEditor />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
