import type { i18n as I18n, TFunction } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { partsRefusal } from './AddPartsModal';
import type { RootCause } from './closingApi';
import { partsOpen, showsClosing } from './closingRules';
import { FishboneDiagram } from './FishboneDiagram';
import { partLineProblems, toPartLines } from './partLines';
import { canAddWhy, causeCount, draftFrom, draftProblems, normalise, toRootCauseBody, type RootCauseDraft } from './rootCause';
import { problemField, RootCauseForm } from './RootCauseForm';
import { closingI18n } from './testI18n';

let i18n: I18n;
let t: TFunction;
beforeAll(async () => {
  ({ i18n, t } = await closingI18n('zh-CN'));
});

const render = (node: React.ReactNode) => renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);

const draft = (over: Partial<RootCauseDraft> = {}): RootCauseDraft => ({ ...draftFrom(null), ...over });
const recorded: RootCause = {
  whys: ['读卡器无响应', '读卡模块供电不稳', '电源适配器老化'],
  fishbone: { man: [], machine: ['读卡模块老化'], material: ['电源适配器'], method: [], environment: ['机房温度高'], measurement: [] },
  summary: '电源适配器老化导致读卡模块供电不稳',
};

describe('the root-cause draft', () => {
  it('starts with one empty why, or with what was recorded', () => {
    expect(draftFrom(null)).toEqual({ whys: [''], fishbone: { man: [], machine: [], material: [], method: [], environment: [], measurement: [] }, summary: '' });
    const from = draftFrom(recorded);
    expect(from.whys).toEqual(recorded.whys);
    expect(from.fishbone.machine).toEqual(['读卡模块老化']);
    // A copy: editing the draft leaves the record as it was.
    from.fishbone.machine.push('x');
    expect(recorded.fishbone.machine).toEqual(['读卡模块老化']);
  });

  it('drops a why left empty at the end and blank or repeated causes, trimming everything', () => {
    const tidy = normalise(draft({ whys: [' 为什么一 ', '为什么二', '', '  '], fishbone: { ...draftFrom(null).fishbone, man: [' 未按规程操作 ', '', '未按规程操作'] }, summary: ' 根因 ' }));
    expect(tidy.whys).toEqual(['为什么一', '为什么二']);
    expect(tidy.fishbone.man).toEqual(['未按规程操作']);
    expect(tidy.summary).toBe('根因');
  });

  it('reports a gap in the chain of whys, no why at all, too many, and a missing summary', () => {
    expect(draftProblems(draft({ whys: ['一', '', '三'], summary: '根因' }))).toEqual([{ field: 'whys', index: 1, code: 'required' }]);
    expect(draftProblems(draft({ whys: ['', ''], summary: '' }))).toEqual([
      { field: 'whys', code: 'none' },
      { field: 'summary', code: 'required' },
    ]);
    expect(draftProblems(draft({ whys: ['1', '2', '3', '4', '5', '6'], summary: '根因' }))).toContainEqual({ field: 'whys', code: 'tooMany' });
    expect(draftProblems(draft({ whys: ['一'], summary: 'x'.repeat(2001) }))).toEqual([{ field: 'summary', code: 'tooLong' }]);
    const crowded = { ...draftFrom(null).fishbone, environment: Array.from({ length: 11 }, (_, i) => `原因 ${i}`) };
    expect(draftProblems(draft({ whys: ['一'], fishbone: crowded, summary: '根因' }))).toEqual([{ field: 'fishbone', category: 'environment', code: 'tooMany' }]);
    expect(draftProblems(draftFrom(recorded))).toEqual([]);
  });

  it('becomes the PUT body with the version the page read', () => {
    const body = toRootCauseBody(draft({ whys: ['一', ' 二 ', ''], fishbone: { ...draftFrom(null).fishbone, machine: ['模块', ' '] }, summary: '根因' }), 7);
    expect(body).toEqual({ whys: ['一', '二'], fishbone: { man: [], machine: ['模块'], material: [], method: [], environment: [], measurement: [] }, summary: '根因', version: 7 });
  });

  it('stops at five whys', () => {
    expect(canAddWhy({ whys: ['1', '2', '3', '4'] })).toBe(true);
    expect(canAddWhy({ whys: ['1', '2', '3', '4', '5'] })).toBe(false);
    expect(causeCount(recorded.fishbone)).toBe(3);
  });

  it('puts each problem on its field, in the reader’s words', () => {
    expect(problemField(t, { field: 'whys', index: 2, code: 'required' })).toEqual({ name: ['whys', 2], errors: ['请填写这一条，或将其删除'] });
    expect(problemField(t, { field: 'whys', code: 'none' })).toEqual({ name: ['whys', 0], errors: ['至少填写一个为什么'] });
    expect(problemField(t, { field: 'fishbone', category: 'man', code: 'tooMany' })).toEqual({ name: ['fishbone', 'man'], errors: ['每一类最多 10 条原因'] });
    expect(problemField(t, { field: 'summary', code: 'required' }).errors).toEqual(['请填写根本原因']);
  });
});

describe('the root-cause form and the fishbone', () => {
  it('shows a reader without incidents:write what was recorded, with the diagram, and no inputs', () => {
    const html = render(<RootCauseForm incidentId="i1" version={3} rootCause={recorded} canEdit={false} onSaved={() => undefined} />);
    expect(html).toContain('data-testid="closing-root-cause-view"');
    expect(html).toContain('电源适配器老化导致读卡模块供电不稳');
    expect(html).toContain('<li>读卡模块供电不稳</li>');
    expect(html).toContain('data-testid="closing-fishbone-diagram"');
    expect(html).not.toContain('<input');
    expect(render(<RootCauseForm incidentId="i1" version={3} rootCause={null} canEdit={false} onSaved={() => undefined} />)).toContain('尚未登记根因分析');
  });

  it('gives an editor one input per why, the six categories, and no "add" once there are five', () => {
    const html = render(<RootCauseForm incidentId="i1" version={3} rootCause={recorded} canEdit onSaved={() => undefined} />);
    for (const i of [0, 1, 2]) expect(html).toContain(`data-testid="closing-why-${i}"`);
    expect(html).not.toContain('data-testid="closing-why-3"');
    expect(html).toContain('data-testid="closing-why-add"');
    for (const c of ['man', 'machine', 'material', 'method', 'environment', 'measurement']) expect(html).toContain(`data-testid="closing-bone-input-${c}"`);
    expect(html).toContain('人 · 人员、技能、操作');
    const five = render(<RootCauseForm incidentId="i1" version={3} rootCause={{ ...recorded, whys: ['1', '2', '3', '4', '5'] }} canEdit onSaved={() => undefined} />);
    expect(five).toContain('data-testid="closing-why-4"');
    expect(five).not.toContain('data-testid="closing-why-add"');
  });

  it('draws six bones with their causes, and says how many more a crowded bone holds', () => {
    const fishbone = { ...recorded.fishbone, man: ['一', '二', '三', '四', '五', '六'] };
    const html = render(<FishboneDiagram fishbone={fishbone} head="根因" />);
    for (const c of ['man', 'machine', 'material', 'method', 'environment', 'measurement']) expect(html).toContain(`data-testid="closing-bone-${c}"`);
    expect(html).toContain('data-testid="closing-bone-man" data-count="6"');
    expect(html).toContain('另 2 条');
    expect(html).toContain('机房温度高');
    expect(html).not.toContain('>五<');
  });
});

describe('the parts lines and the panel’s rules', () => {
  it('asks for a part, a warehouse and a whole quantity, and refuses the same part at one warehouse twice', () => {
    expect(partLineProblems([{ quantity: 1 }])).toEqual([
      { index: 0, field: 'partId' },
      { index: 0, field: 'warehouse' },
    ]);
    expect(partLineProblems([{ partId: 'p1', warehouse: '主库', quantity: 0 }])).toEqual([{ index: 0, field: 'quantity' }]);
    expect(partLineProblems([{ partId: 'p1', warehouse: '主库', quantity: 1.5 }])).toEqual([{ index: 0, field: 'quantity' }]);
    expect(partLineProblems([{ partId: 'p1', warehouse: '主库', quantity: 1 }, { partId: 'p1', warehouse: ' 主库 ', quantity: 2 }])).toEqual([{ index: 1, field: 'repeated' }]);
    expect(partLineProblems([{ partId: 'p1', warehouse: '主库', quantity: 1 }, { partId: 'p1', warehouse: '东区库', quantity: 2 }])).toEqual([]);
    expect(toPartLines([{ partId: 'p1', warehouse: ' 主库 ', quantity: 2 }])).toEqual([{ partId: 'p1', warehouse: '主库', quantity: 2 }]);
  });

  it('names the part that is short in stock', () => {
    const short = new ApiError(409, 'INSUFFICIENT_STOCK', 'Only 1', { partId: 'p1', sku: 'POS-RDR-01', name: '读卡模块', warehouse: '主库', available: 1, requested: 3 });
    expect(partsRefusal(t, short)).toBe('POS-RDR-01 读卡模块: 库存不足：主库 仅有 1，无法出库 3。');
    expect(partsRefusal(t, new ApiError(409, 'INCIDENT_PARTS_CLOSED', 'closed', { state: 'confirmed' }))).toContain('不能再领用备件');
  });

  it('shows the panel once work has started, and takes parts until the client confirmed', () => {
    expect(showsClosing('acknowledged')).toBe(false);
    expect(showsClosing('in_progress')).toBe(true);
    expect(showsClosing('closed')).toBe(true);
    expect(partsOpen('resolved')).toBe(true);
    expect(partsOpen('confirmed')).toBe(false);
  });
});
