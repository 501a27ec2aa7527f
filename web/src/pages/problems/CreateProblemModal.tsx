import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { createBody, ProblemFields, type ProblemFormValues } from './ProblemFields';
import { problemsApi, type ProblemDetail } from './problemsApi';

/**
 * Opens a problem record (PRB-000123). From an incident, the dialog starts with the incident's title and root cause,
 * and `fromIncidentId` is linked once the problem exists (two requests: a refused link leaves the problem, and says so).
 */
export function CreateProblemModal({
  initial,
  fromIncidentId,
  onClose,
  onCreated,
}: {
  initial?: Partial<ProblemFormValues>;
  fromIncidentId?: string;
  onClose: () => void;
  onCreated: (detail: ProblemDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProblemFormValues>();
  const { saving, run } = useFormSubmit(form);

  const submit = async () => {
    const values = await form.validateFields();
    await run(async () => {
      const created = await problemsApi.create(createBody(values));
      if (!fromIncidentId) return onCreated(created);
      try {
        onCreated(await problemsApi.link(created.problem.id, fromIncidentId));
      } catch (error) {
        // The problem exists: hand it over anyway, so a second click does not open a twin.
        void message.error(t('problemRecord.linkFailed', { ref: created.problem.ref, reason: describeError(t, error) }));
        onCreated(created);
      }
    });
  };

  return (
    <Modal
      open
      width={640}
      title={fromIncidentId ? t('problemRecord.createFromIncident') : t('problemRecord.create')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'problem-create-submit' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} data-testid="problem-create-form">
        <ProblemFields />
      </Form>
    </Modal>
  );
}
