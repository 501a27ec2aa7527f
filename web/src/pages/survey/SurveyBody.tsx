import { Alert, Button, Card, Flex, Input, Rate, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { COMMENT_LIMIT, type SurveyView } from './surveyApi';
import type { SurveyStage } from './surveyStage';

const SCORES = [1, 2, 3, 4, 5] as const;

/** The incident the survey is about: its number and title, how it was fixed, and when. Nothing personal. */
function IncidentSummary({ view }: { view: SurveyView }) {
  const { t, i18n } = useTranslation();
  const cause = view.causeCategory ? (i18n.language.startsWith('en') ? view.causeCategory.nameEn : view.causeCategory.nameZh) : null;
  return (
    <Card size="small" data-testid="survey-incident">
      <Flex vertical gap={6}>
        <Typography.Text type="secondary">
          {t('survey.ref')} <Typography.Text code data-testid="survey-ref">{view.ref}</Typography.Text>
        </Typography.Text>
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="survey-title">
          {view.title}
        </Typography.Text>
        <Typography.Text type="secondary">{t('survey.resolution')}</Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="survey-resolution">
          {view.resolution ?? t('survey.noResolution')}
        </Typography.Paragraph>
        {cause ? <Typography.Text type="secondary">{t('survey.cause', { cause })}</Typography.Text> : null}
        {view.resolvedAt ? <Typography.Text type="secondary">{t('survey.resolvedAt', { at: formatDateTime(view.resolvedAt) })}</Typography.Text> : null}
      </Flex>
    </Card>
  );
}

export interface SurveyFormState {
  score: number;
  comment: string;
  busy: boolean;
  /** shown after a click without stars */
  missingScore: boolean;
  /** a refusal that leaves the survey open (network, rate limit…) */
  error: unknown;
}

/**
 * What the survey page shows in each stage, without the loading and sending (SurveyPage's): the question with five
 * stars and a comment, thanks once answered, and plain words for a link that was used, has expired or is not one.
 */
export function SurveyBody({ stage, form, onScore, onComment, onSubmit, onRetry }: { stage: SurveyStage; form: SurveyFormState; onScore: (score: number) => void; onComment: (text: string) => void; onSubmit: () => void; onRetry: () => void }) {
  const { t } = useTranslation();
  switch (stage.kind) {
    case 'loading':
      return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} data-testid="survey-loading" />;
    case 'invalid':
      return <Result status="warning" title={t('survey.invalidTitle')} subTitle={t('survey.invalidHint')} data-testid="survey-invalid" />;
    case 'failed':
      return <ErrorAlert error={stage.error} onRetry={onRetry} />;
    case 'answered':
      return (
        <Result
          status="info"
          title={t('survey.answeredTitle')}
          subTitle={stage.view?.score ? t('survey.answeredScore', { score: stage.view.score }) : t('survey.answeredHint')}
          data-testid="survey-answered"
        />
      );
    case 'expired':
      return <Result status="warning" title={t('survey.expiredTitle')} subTitle={t('survey.expiredHint')} data-testid="survey-expired" />;
    case 'thanks':
      return (
        <Result status="success" title={t('survey.thanksTitle')} subTitle={t('survey.thanksHint', { ref: stage.view.ref })} data-testid="survey-thanks" data-score={stage.view.score ?? ''}>
          <Flex justify="center">
            <Rate disabled value={stage.view.score ?? 0} style={{ fontSize: 28 }} />
          </Flex>
        </Result>
      );
    case 'open':
      return (
        <Flex vertical gap={16} data-testid="survey-open">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('survey.title')}
          </Typography.Title>
          <IncidentSummary view={stage.view} />
          <Flex vertical gap={4} align="center">
            <Typography.Text strong>{t('survey.scoreLabel')}</Typography.Text>
            <Rate
              value={form.score}
              onChange={onScore}
              tooltips={SCORES.map((s) => t(`survey.scores.${s}`))}
              style={{ fontSize: 40 }}
              aria-label={t('survey.scoreLabel')}
              data-testid="survey-stars"
            />
            <Typography.Text type={form.missingScore ? 'danger' : 'secondary'} data-testid="survey-score-text">
              {form.score ? t(`survey.scores.${form.score}`) : form.missingScore ? t('survey.scoreRequired') : t('survey.scoreHint')}
            </Typography.Text>
          </Flex>
          <Input.TextArea
            rows={4}
            maxLength={COMMENT_LIMIT}
            showCount
            value={form.comment}
            onChange={(e) => onComment(e.target.value)}
            placeholder={t('survey.commentPlaceholder')}
            aria-label={t('survey.comment')}
            data-testid="survey-comment"
          />
          {form.error ? <Alert type="error" showIcon title={describeError(t, form.error)} data-testid="survey-error" /> : null}
          <Button type="primary" size="large" block loading={form.busy} onClick={onSubmit} style={{ height: 56, fontSize: 18 }} data-testid="survey-submit">
            {t('survey.submit')}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('survey.expires', { at: formatDateTime(stage.view.expiresAt) })}
          </Typography.Text>
        </Flex>
      );
  }
}
