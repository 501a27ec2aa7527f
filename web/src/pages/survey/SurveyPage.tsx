import { Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useAsync } from '../../hooks/useAsync';
import { useNow } from '../../hooks/useNow';
import { surveyApi, type SurveyView } from './surveyApi';
import { SurveyBody, type SurveyFormState } from './SurveyBody';
import { surveyStage } from './surveyStage';

/** Refusals that end the survey (SurveyBody shows them as a stage); anything else leaves it open to try again. */
const FINAL = new Set(['SURVEY_ANSWERED', 'SURVEY_EXPIRED']);

/**
 * The page a client's satisfaction-survey link opens (/survey/:token), with no sign-in: which incident, how it was
 * fixed, five stars and a comment, thanks on submitting. Built for a phone first, like the acknowledgement page: one
 * column, big stars, a thumb-wide button. Opening the page answers nothing; only the button does, once.
 */
export default function SurveyPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const now = useNow();
  const loaded = useAsync(() => surveyApi.view(token), token);
  const [form, setForm] = useState<SurveyFormState>({ score: 0, comment: '', busy: false, missingScore: false, error: null });
  const [answered, setAnswered] = useState<SurveyView | null>(null);
  const [finalError, setFinalError] = useState<unknown>(null);

  const submit = async () => {
    if (!form.score) {
      setForm((f) => ({ ...f, missingScore: true }));
      return;
    }
    setForm((f) => ({ ...f, busy: true, error: null }));
    try {
      const comment = form.comment.trim();
      setAnswered(await surveyApi.answer(token, { score: form.score, ...(comment && { comment }) }));
      setForm((f) => ({ ...f, busy: false }));
    } catch (error) {
      const final = error instanceof ApiError && (FINAL.has(error.code) || error.status === 404);
      if (final) setFinalError(error);
      setForm((f) => ({ ...f, busy: false, error: final ? null : error }));
    }
  };

  const stage = surveyStage({ loading: loaded.loading, view: loaded.data, loadError: loaded.error, answered, answerError: finalError, now });

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', overflowX: 'hidden' }}>
      <Flex justify="space-between" align="center" style={{ padding: '8px 16px', background: '#fff', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('app.name')}</Typography.Text>
        <LanguageSwitch />
      </Flex>
      <main style={{ maxWidth: 520, margin: '0 auto', padding: 16, boxSizing: 'border-box', width: '100%', overflowWrap: 'anywhere' }} data-testid="survey-page" data-stage={stage.kind}>
        <SurveyBody
          stage={stage}
          form={form}
          onScore={(score) => setForm((f) => ({ ...f, score, missingScore: false }))}
          onComment={(comment) => setForm((f) => ({ ...f, comment }))}
          onSubmit={() => void submit()}
          onRetry={loaded.reload}
        />
      </main>
    </div>
  );
}
