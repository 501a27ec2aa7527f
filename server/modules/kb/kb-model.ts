import { ConflictError } from '../../errors.ts';

export const ARTICLE_STATES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

/** The links an article carries besides its text; tags are links of kind 'tag'. */
export const LINK_KINDS = ['tag', 'plan', 'incident', 'device_type', 'problem', 'alert'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface ArticleLinks {
  tags: string[];
  plans: string[];
  incidents: string[];
  deviceTypes: string[];
  problems: string[];
  alertNames: string[];
}

export const LINK_FIELDS: Readonly<Record<LinkKind, keyof ArticleLinks>> = {
  tag: 'tags',
  plan: 'plans',
  incident: 'incidents',
  device_type: 'deviceTypes',
  problem: 'problems',
  alert: 'alertNames',
};

export const emptyLinks = (): ArticleLinks => ({ tags: [], plans: [], incidents: [], deviceTypes: [], problems: [], alertNames: [] });

/**
 * The moves of an article (SPEC C6.4: review before publishing). draft → in_review (submit); in_review → published
 * (publish: by a second person, see FOUR_EYES) or back to draft (reject, with a reason); published → draft (revise) or
 * archived; archived → draft (restore as a draft, to be reviewed again). Editing the text is allowed in draft only.
 */
export const ARTICLE_ACTIONS = ['submit', 'publish', 'reject', 'revise', 'archive'] as const;
export type ArticleAction = (typeof ARTICLE_ACTIONS)[number];

const MOVES: Readonly<Record<ArticleAction, { from: readonly ArticleState[]; to: ArticleState }>> = {
  submit: { from: ['draft'], to: 'in_review' },
  publish: { from: ['in_review'], to: 'published' },
  reject: { from: ['in_review'], to: 'draft' },
  revise: { from: ['published', 'archived', 'in_review'], to: 'draft' },
  archive: { from: ['draft', 'in_review', 'published'], to: 'archived' },
};

/** The state an action leads to from `from`, or 409 KB_STATE_NOT_ALLOWED naming the actions allowed from there. */
export function nextState(from: ArticleState, action: ArticleAction): ArticleState {
  const move = MOVES[action];
  if (!move.from.includes(from)) {
    const allowed = ARTICLE_ACTIONS.filter((a) => MOVES[a].from.includes(from));
    throw new ConflictError(`An article in ${from} cannot be ${action}ed: from ${from} it may be ${allowed.join(', ')}`, 'KB_STATE_NOT_ALLOWED', { from, action, allowed });
  }
  return move.to;
}
