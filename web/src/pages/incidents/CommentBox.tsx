import { App, Button, Flex, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { incidentsApi } from './incidentsApi';

const MAX_COMMENT = 4000;

/** A comment to the incident's timeline (engineers, dispatchers and the client alike). */
export function CommentBox({ incidentId, onAdded }: { incidentId: string; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);

  const send = async () => {
    if (!text.trim()) return;
    setSaving(true);
    try {
      await incidentsApi.comment(incidentId, text.trim());
      setText('');
      onAdded();
    } catch (error) {
      void message.error(describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        rows={3}
        maxLength={MAX_COMMENT}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('incident.comment.placeholder')}
        data-testid="incident-comment-text"
      />
      <Flex justify="flex-end">
        <Button type="primary" disabled={!text.trim()} loading={saving} onClick={() => void send()} data-testid="incident-comment-submit">
          {t('incident.comment.submit')}
        </Button>
      </Flex>
    </Flex>
  );
}
