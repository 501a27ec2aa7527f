import { Alert, Checkbox, Flex, Form, Input, Modal, Segmented, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../../../hooks/useFormSubmit';
import { usePeople } from '../../../hooks/usePeople';
import { filledIn, initialValues, personLabel, placeholdersLeft, reachProblem, sendBody, type MessageFormValues } from './communications';
import { communicationsApi, MAX_BODY, MAX_CHANNELS, MAX_RECIPIENTS, MAX_SUBJECT, type FilledTemplate, type PlanCommunications, type PlanMessage } from './communicationsApi';

/**
 * Sending one template: its filled text in zh or en to read and edit, the facts still missing named (a send is refused
 * while one is left in, so no {{hotline}} reaches the public), the people (the incident's, those on duty, anyone) and
 * the channels. The outbox sends it after the answer: the sent list shows how it fares.
 */
export function PlanMessageModal({
  incidentId,
  template,
  data,
  onCancel,
  onSent,
}: {
  incidentId: string;
  template: FilledTemplate;
  data: PlanCommunications;
  onCancel: () => void;
  onSent: (message: PlanMessage) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<MessageFormValues>();
  const { saving, run } = useFormSubmit(form);
  const everyone = usePeople(Object.fromEntries(data.people.map((p) => [p.userId, p.name])));
  const subject = Form.useWatch('subject', form) ?? '';
  const body = Form.useWatch('body', form) ?? '';
  const left = placeholdersLeft(subject, body);
  const onDutyCount = data.people.filter((p) => p.onDuty).length;

  const words = { onDuty: t('planCommunications.onDuty'), role: (role: string) => (role === 'assignee' ? t('planCommunications.assignee') : t(`incidentPlan.role.${role}`, { defaultValue: role })) };
  const incidentPeople = new Set(data.people.map((p) => p.userId));
  const peopleOptions = [
    { label: t('planCommunications.incidentPeople'), options: data.people.map((p) => ({ value: p.userId, label: personLabel(p, words) })) },
    { label: t('planCommunications.everyone'), options: everyone.options.filter((o) => !incidentPeople.has(o.value)) },
  ].filter((group) => group.options.length > 0);

  const chooseLanguage = (language: MessageFormValues['language']) => {
    const text = filledIn(template, language);
    form.setFieldsValue({ language, subject: text.subject, body: text.body });
  };

  const submit = (values: MessageFormValues) =>
    run(async () => {
      const problem = reachProblem(values, data.channels);
      if (problem) {
        form.setFields([{ name: problem === 'noChannel' ? 'channelIds' : 'userIds', errors: [t(`planCommunications.${problem}`)] }]);
        return;
      }
      // A refusal's field problems land on their fields (useFormSubmit), anything else is a message.
      onSent(await communicationsApi.send(incidentId, template.key, sendBody(values)));
    });

  const noPlaceholders = () => ({
    validator: (_: unknown, value: string | undefined) =>
      placeholdersLeft(value ?? '').length === 0 ? Promise.resolve() : Promise.reject(new Error(t('planCommunications.fillMissing'))),
  });

  return (
    <Modal
      open
      width={720}
      title={t('planCommunications.sendTitle', { audience: t(`planCommunications.audience.${template.audience}`) })}
      okText={t('planCommunications.send')}
      cancelText={t('common.cancel')}
      onOk={() => void form.validateFields().then(submit, () => undefined)}
      onCancel={onCancel}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'plan-message-send', size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues(template, i18n.language, data.channels, data.people)} data-testid="plan-message-form">
        <Form.Item name="language" label={t('planCommunications.language')}>
          <Segmented
            options={[
              { value: 'zh', label: t('planCommunications.lang.zh') },
              { value: 'en', label: t('planCommunications.lang.en'), disabled: template.en === null },
            ]}
            onChange={(value) => chooseLanguage(value as MessageFormValues['language'])}
            data-testid="plan-message-language"
          />
        </Form.Item>
        {left.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('planCommunications.missingTitle')}
            description={
              <Flex vertical gap={2}>
                {left.map((name) => (
                  <Typography.Text key={name}>
                    <Typography.Text code>{`{{${name}}}`}</Typography.Text> {t(`planCommunications.placeholder.${name}`)}
                  </Typography.Text>
                ))}
              </Flex>
            }
            data-testid="plan-message-missing"
          />
        ) : null}
        <Form.Item
          name="subject"
          label={t('planCommunications.subject')}
          rules={[{ required: true, whitespace: true, message: t('planCommunications.subjectRequired') }, { max: MAX_SUBJECT, message: t('validation.maxLength', { max: MAX_SUBJECT }) }, noPlaceholders()]}
        >
          <Input maxLength={MAX_SUBJECT} showCount data-testid="plan-message-subject" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('planCommunications.body')}
          rules={[{ required: true, whitespace: true, message: t('planCommunications.bodyRequired') }, { max: MAX_BODY, message: t('validation.maxLength', { max: MAX_BODY }) }, noPlaceholders()]}
        >
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={MAX_BODY} showCount data-testid="plan-message-body" />
        </Form.Item>
        <Form.Item name="userIds" label={t('planCommunications.people')} extra={t('planCommunications.peopleHint')}>
          <Select mode="multiple" allowClear options={peopleOptions} maxCount={MAX_RECIPIENTS} optionFilterProp="label" placeholder={t('planCommunications.peoplePlaceholder')} data-testid="plan-message-people" />
        </Form.Item>
        <Form.Item name="onDuty" valuePropName="checked">
          <Checkbox data-testid="plan-message-on-duty">{t('planCommunications.onDutyToo', { count: onDutyCount })}</Checkbox>
        </Form.Item>
        <Form.Item name="channelIds" label={t('planCommunications.channels')} rules={[{ type: 'array', max: MAX_CHANNELS, message: t('planCommunications.tooManyChannels', { max: MAX_CHANNELS }) }]}>
          {data.channels.length === 0 ? (
            <Typography.Text type="secondary">{t('planCommunications.noChannels')}</Typography.Text>
          ) : (
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={data.channels.map((c) => ({ value: c.id, label: `${c.name} · ${t(`planCommunications.reaches.${c.addresses}`)}` }))}
              data-testid="plan-message-channels"
            />
          )}
        </Form.Item>
      </Form>
    </Modal>
  );
}
