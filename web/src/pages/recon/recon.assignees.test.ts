import { describe, expect, it } from 'vitest';
import { assignChoices, assigneeFilterChoices, personOptions } from './assignees';
import { differenceFiltersFromParams, differenceFiltersToParams, differenceListQuery } from './reconFilters';

describe('the people a difference can be assigned to', () => {
  const assignees = [
    { id: 'u-zhang', displayName: '张三' },
    { id: 'u-li', displayName: '李四' },
    { id: 'u-me', displayName: '王五' },
  ];

  it('are the listed assignees and whoever the difference names, once each, by name as Chinese readers sort it', () => {
    const options = personOptions(assignees, { 'u-gone': '赵六', 'u-li': '李四（旧名）' });
    expect(options).toEqual([
      { value: 'u-li', label: '李四' },
      { value: 'u-me', label: '王五' },
      { value: 'u-zhang', label: '张三' },
      { value: 'u-gone', label: '赵六' },
    ]);
  });

  it('offer the signed-in person first in the assign dialog', () => {
    expect(assignChoices(personOptions(assignees), 'u-me', '我自己').map((o) => o.value)).toEqual(['u-me', 'u-li', 'u-zhang']);
  });

  it('offer "assigned to me" and "unassigned" first in the list filter', () => {
    const choices = assigneeFilterChoices(personOptions(assignees), 'u-me', { me: '指派给我的', unassigned: '未指派' });
    expect(choices.slice(0, 2)).toEqual([
      { value: 'me', label: '指派给我的' },
      { value: 'none', label: '未指派' },
    ]);
    expect(choices.map((o) => o.value)).toEqual(['me', 'none', 'u-li', 'u-zhang']);
  });
});

describe('the unassigned filter', () => {
  it('keeps `none` in the URL and sends it as assigneeId; `me` becomes the signed-in id', () => {
    const filters = differenceFiltersFromParams(new URLSearchParams('assignee=none&state=open'));
    expect(filters).toEqual({ kind: undefined, state: 'open', assignee: 'none' });
    expect(differenceFiltersToParams(filters).toString()).toBe('state=open&assignee=none');
    expect(differenceListQuery(filters, 'u-me').assigneeId).toBe('none');
    expect(differenceListQuery({ assignee: 'me' }, 'u-me').assigneeId).toBe('u-me');
    expect(differenceListQuery({}, 'u-me').assigneeId).toBeUndefined();
  });
});
