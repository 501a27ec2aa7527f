import { App, Button, Card, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { describeError } from '../../app/errors';
import { applyServerErrors } from '../../app/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { ArticleFields, emptyValues, inputOf, type ArticleFormValues } from './ArticleForm';
import { kbApi, kbPath } from './kbApi';

/** A new article, written as a draft (plans:write). */
export default function KbNewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ArticleFormValues>();
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const created = await kbApi.create(inputOf(values));
      void message.success(t('kb.created'));
      void navigate(kbPath(created.id));
    } catch (error) {
      if (!applyServerErrors(form, t, error)) void message.error(describeError(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t('kb.create')} />
      <Card size="small">
        <Form form={form} layout="vertical" initialValues={emptyValues()} data-testid="kb-form">
          <ArticleFields />
          <Button type="primary" loading={busy} onClick={() => void save().catch(() => undefined)} data-testid="kb-save">
            {t('kb.saveDraft')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
