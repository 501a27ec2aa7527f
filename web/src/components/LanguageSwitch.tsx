import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../hooks/useLocale';

/** One button that switches between 中文 and English; the label names the language you switch to. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      onClick={() => setLocale(next)}
      data-testid="language-switch"
      aria-label={t('language.switchAria')}
      title={t('language.switchAria')}
    >
      {t('language.switchTo')}
    </Button>
  );
}
