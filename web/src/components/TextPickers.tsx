import { DatePicker, TimePicker } from 'antd';
import dayjs from 'dayjs';

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface TextPickerProps {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/**
 * A time of day held as the API's 'HH:MM' text (hand-overs, quiet hours): the picker sees dayjs, the form the text.
 * A text the picker cannot show (a server value outside 00:00–23:59) shows empty rather than a wrong time.
 */
export function HourMinutePicker({ value, onChange, allowClear = false, style, ...rest }: TextPickerProps) {
  const match = value ? HHMM.exec(value) : null;
  const shown = match ? dayjs().hour(Number(match[1])).minute(Number(match[2])).second(0).millisecond(0) : null;
  return (
    <TimePicker
      format="HH:mm"
      value={shown}
      needConfirm={false}
      allowClear={allowClear}
      onChange={(time) => onChange?.(time ? time.format('HH:mm') : undefined)}
      style={style ?? { width: 120 }}
      data-testid={rest['data-testid']}
    />
  );
}

/** A local date held as the API's 'YYYY-MM-DD' text (a rotation's start, a holiday duty day). */
export function DateTextPicker({ value, onChange, allowClear = false, style, ...rest }: TextPickerProps) {
  const shown = value && DATE.test(value) ? dayjs(value) : null;
  return (
    <DatePicker
      value={shown}
      allowClear={allowClear}
      onChange={(date) => onChange?.(date ? date.format('YYYY-MM-DD') : undefined)}
      style={style ?? { width: 150 }}
      data-testid={rest['data-testid']}
    />
  );
}
