import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { discoveredApi } from '../../api/discovered';
import type { Device, DeviceType, DiscoveredDevice, EstateTreeSite, Subsystem } from '../../api/types';
import { DevicePicker } from '../../components/DevicePicker';
import { useCatalogOptions } from '../../hooks/useEstate';
import { useFormSubmit } from '../../hooks/useFormSubmit';

interface Values {
  name: string;
  type?: DeviceType;
  subsystem?: Subsystem;
  siteId?: string;
  upstreamId?: string | null;
  ip?: string;
}

/** The address a device reported from, when it is a bare IP address (syslog and MQTT may give host:port). */
function ipOf(address: string | null): string | undefined {
  if (!address) return undefined;
  const bare = address.replace(/^\[|\](:\d+)?$/g, '').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  return /^[0-9a-fA-F.:]+$/.test(bare) ? bare : undefined;
}

/** Registers a discovered device under the code it reported (its stored events then belong to it). */
export function AdoptModal({
  device,
  sites,
  onClose,
  onAdopted,
}: {
  device: DiscoveredDevice;
  sites: EstateTreeSite[];
  onClose: () => void;
  onAdopted: (device: Device) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catalog = useCatalogOptions();
  const [form] = Form.useForm<Values>();
  const { saving, run } = useFormSubmit(form);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const adopted = await discoveredApi.adopt(device.code, {
        name: values.name.trim(),
        type: values.type!,
        subsystem: values.subsystem!,
        siteId: values.siteId,
        upstreamId: values.upstreamId ?? null,
        ip: values.ip?.trim() || null,
      });
      void message.success(t('discovered.adopted', { code: adopted.code }));
      onAdopted(adopted);
    });
  };

  return (
    <Modal
      open
      title={t('discovered.adoptTitle', { code: device.code })}
      okText={t('discovered.adopt')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'adopt-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ name: device.code, siteId: device.siteId ?? undefined, ip: ipOf(device.address) }}>
        <Form.Item
          name="name"
          label={t('device.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 100, message: t('validation.maxLength', { max: 100 }) },
          ]}
        >
          <Input data-testid="adopt-name" />
        </Form.Item>
        <Form.Item name="type" label={t('device.field.type')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={catalog.types} data-testid="adopt-type" />
        </Form.Item>
        <Form.Item name="subsystem" label={t('device.field.subsystem')} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={catalog.subsystems} data-testid="adopt-subsystem" />
        </Form.Item>
        <Form.Item
          name="siteId"
          label={t('device.field.site')}
          extra={device.siteId ? undefined : t('discovered.siteHint')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={sites.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }))}
            data-testid="adopt-site"
          />
        </Form.Item>
        <Form.Item name="upstreamId" label={t('device.field.upstream')}>
          <DevicePicker testId="adopt-upstream" />
        </Form.Item>
        <Form.Item name="ip" label={t('device.field.ip')} rules={[{ max: 45, message: t('validation.maxLength', { max: 45 }) }]}>
          <Input data-testid="adopt-ip" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
