import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, InputNumber, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { PeopleOrder } from '../../components/PeopleOrder';
import { DateTextPicker, HourMinutePicker } from '../../components/TextPickers';
import type { PersonOption } from '../../hooks/usePeople';
import { ActiveRangeFields } from './ActiveRangeFields';
import { newLayer, ROTATION_KINDS, type RosterFormValues } from './rosterForm';

const MAX_LAYERS = 10;
const MAX_SHIFT_HOURS = 24 * 14;

interface Props {
  people: { options: PersonOption[]; name: (id: string) => string };
  today: string;
}

/** The roster's layers, bottom first (a later layer wins where it is in force), each a rotation of people in turn. */
export function LayerFields({ people, today }: Props) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<RosterFormValues>();
  const required = { required: true, message: t('validation.required') };
  return (
    <Form.List name="layers">
      {(layers, { add, remove, move }, { errors }) => (
        <Flex vertical gap={12} data-testid="roster-layers">
          {layers.map((layer, i) => (
            <Card
              key={layer.key}
              size="small"
              title={t('roster.layer.title', { n: i + 1 })}
              data-testid={`roster-layer-${i}`}
              extra={
                <Flex gap={0}>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('peopleOrder.up')} />
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === layers.length - 1} onClick={() => move(i, i + 1)} aria-label={t('peopleOrder.down')} />
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(layer.name)} aria-label={t('common.delete')} />
                </Flex>
              }
            >
              <Form.Item name={[layer.name, 'name']} label={t('roster.layer.name')} rules={[required]}>
                <Input maxLength={100} data-testid={`layer-${i}-name`} />
              </Form.Item>
              <Flex gap={16} wrap>
                <Form.Item name={[layer.name, 'rotation', 'kind']} label={t('roster.layer.kind')} rules={[required]}>
                  <Segmented options={ROTATION_KINDS.map((k) => ({ value: k, label: t(`roster.rotation.${k}`) }))} data-testid={`layer-${i}-kind`} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate={(a, b) => a.layers?.[i]?.rotation?.kind !== b.layers?.[i]?.rotation?.kind}>
                  {() =>
                    form.getFieldValue(['layers', layer.name, 'rotation', 'kind']) === 'custom' ? (
                      <Form.Item name={[layer.name, 'rotation', 'shiftHours']} label={t('roster.layer.shiftHours')} rules={[required]}>
                        <InputNumber min={1} max={MAX_SHIFT_HOURS} precision={0} style={{ width: 120 }} data-testid={`layer-${i}-hours`} />
                      </Form.Item>
                    ) : null
                  }
                </Form.Item>
                <Form.Item name={[layer.name, 'rotation', 'handover']} label={t('roster.layer.handover')} rules={[required]}>
                  <HourMinutePicker data-testid={`layer-${i}-handover`} />
                </Form.Item>
                <Form.Item name={[layer.name, 'rotation', 'startDate']} label={t('roster.layer.startDate')} rules={[required]} tooltip={t('roster.layer.startDateHint')}>
                  <DateTextPicker data-testid={`layer-${i}-start`} />
                </Form.Item>
              </Flex>
              <Form.Item
                name={[layer.name, 'rotation', 'participants']}
                label={t('roster.layer.participants')}
                extra={t('roster.layer.participantsHint')}
                rules={[{ required: true, type: 'array', min: 1, message: t('roster.layer.participantsRequired') }]}
              >
                <PeopleOrder options={people.options} name={people.name} testId={`layer-${i}-participants`} />
              </Form.Item>
              <ActiveRangeFields layer={layer.name} testId={`layer-${i}`} />
            </Card>
          ))}
          <Form.ErrorList errors={errors} />
          {layers.length < MAX_LAYERS ? (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add(newLayer(t('roster.layer.defaultName', { n: layers.length + 1 }), today))} data-testid="roster-layer-add">
              {t('roster.layer.add')}
            </Button>
          ) : null}
        </Flex>
      )}
    </Form.List>
  );
}
