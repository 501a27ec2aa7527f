import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Cursor, IsoDateTime, Limit, NullableIsoDateTime, StringEnum } from '../../http/schemas.ts';
import { ARTICLE_ACTIONS, ARTICLE_STATES } from './kb-model.ts';

export const TITLE_LIMIT = 200;
/** A long article is a few thousand characters; this bounds what one request may store. */
export const BODY_LIMIT = 50_000;
export const LINKS_LIMIT = 30;
const Id = Type.String({ minLength: 1, maxLength: 64 });
/** A tag or a referenced code: one line of printable text. */
const Label = (description: string) => Type.String({ minLength: 1, maxLength: 40, pattern: '^[^\\s\\x00-\\x1f\\x7f][^\\x00-\\x1f\\x7f]*$', description });
const Refs = <T extends TSchema>(item: T, description: string) => Type.Array(item, { maxItems: LINKS_LIMIT, uniqueItems: true, description });

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ArticleStateSchema = StringEnum(ARTICLE_STATES, { description: 'draft → in_review → published; archived' });

const LinkFields = {
  tags: Type.Optional(Refs(Label('a tag'), 'tags, e.g. 闸机, 网络')),
  plans: Type.Optional(Refs(Id, 'ids of emergency plans (预案) it belongs to')),
  incidents: Type.Optional(Refs(Id, 'ids of incidents it came from or applies to')),
  deviceTypes: Type.Optional(Refs(Label('a device type of the estate catalogue'), 'device types it is about (gate, pos, kiosk…)')),
  problems: Type.Optional(Refs(Id, 'ids of problem records')),
  alertNames: Type.Optional(Refs(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\x00-\\x1f\\x7f]+$' }), 'alert names (a rule key, or an external alertname) it helps with')),
};

export const CreateArticleBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: TITLE_LIMIT }),
    body: Type.String({ maxLength: BODY_LIMIT, default: '', description: 'Markdown' }),
    ...LinkFields,
  },
  { additionalProperties: false },
);
export type CreateArticleBody = Static<typeof CreateArticleBody>;

export const UpdateArticleBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'the version you read: 409 KB_ARTICLE_CHANGED if it moved since' }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: TITLE_LIMIT })),
    body: Type.Optional(Type.String({ maxLength: BODY_LIMIT, description: 'Markdown' })),
    ...LinkFields,
  },
  { additionalProperties: false },
);
export type UpdateArticleBody = Static<typeof UpdateArticleBody>;

export const ArticleActionBody = Type.Object(
  {
    action: StringEnum(ARTICLE_ACTIONS, {
      description: 'submit (draft → in_review), publish (in_review → published, by someone other than its author and last editor), reject (in_review → draft, with a note), revise (back to draft), archive',
    }),
    version: Type.Integer({ minimum: 1, description: 'the version you read' }),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'why: required to reject' })),
  },
  { additionalProperties: false },
);
export type ArticleActionBody = Static<typeof ArticleActionBody>;

export const FromIncidentBody = Type.Object({ incidentId: Id }, { additionalProperties: false });

/** An article's links as answered (the request's LinkFields carry the limits). */
const LinkLists = {
  tags: Type.Array(Type.String()),
  plans: Type.Array(Type.String()),
  incidents: Type.Array(Type.String()),
  deviceTypes: Type.Array(Type.String()),
  problems: Type.Array(Type.String()),
  alertNames: Type.Array(Type.String()),
};

const Person = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const Article = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  state: ArticleStateSchema,
  version: Type.Integer(),
  ...LinkLists,
  sourceIncidentId: Type.Union([Type.String(), Type.Null()]),
  createdBy: Person,
  createdAt: IsoDateTime,
  updatedBy: Person,
  updatedAt: IsoDateTime,
  contentBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], { description: 'who last changed its title, body, tags or links: with the author, the one who may not publish it' }),
  submittedBy: Person,
  submittedAt: NullableIsoDateTime,
  publishedBy: Person,
  publishedAt: NullableIsoDateTime,
});
export type Article = Static<typeof Article>;

/** A list or search result: the article without its body, with the title and a piece of the body highlighted. */
export const ArticleHit = Type.Object({
  id: Type.String(),
  title: Type.String(),
  state: ArticleStateSchema,
  version: Type.Integer(),
  tags: Type.Array(Type.String()),
  deviceTypes: Type.Array(Type.String()),
  updatedAt: IsoDateTime,
  titleHtml: Type.String({ description: 'the title HTML-escaped, each search term in <mark>' }),
  snippet: Type.String({ description: 'a piece of the body HTML-escaped, each search term in <mark>; … where cut' }),
});
export type ArticleHit = Static<typeof ArticleHit>;

export const ArticlePage = Type.Object({ items: Type.Array(ArticleHit), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const Filters = {
  state: Type.Optional(Type.String({ maxLength: 100, description: 'comma-separated states; without it readers see published, writers all but archived' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  deviceType: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
};

export const ArticleListQuery = Type.Object(Filters, { additionalProperties: false });
export type ArticleListQuery = Static<typeof ArticleListQuery>;

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 200, description: 'words to find, all of them, anywhere in title, tags or body; Chinese needs no spaces (闸机 finds 闸机离线)' }), ...Filters },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const ArticleVersion = Type.Object({
  version: Type.Integer(),
  action: Type.String(),
  state: ArticleStateSchema,
  title: Type.String(),
  body: Type.String(),
  ...LinkLists,
  note: Type.Union([Type.String(), Type.Null()]),
  by: Person,
  at: IsoDateTime,
});
export const ArticleVersions = Type.Object({ items: Type.Array(ArticleVersion) });

export const SuggestionsQuery = Type.Object({ incidentId: Id }, { additionalProperties: false });
export const KbSuggestions = Type.Object({
  basis: Type.Object({
    incidentId: Type.String(),
    deviceType: Type.Union([Type.String(), Type.Null()]),
    alertNames: Type.Array(Type.String()),
  }),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      tags: Type.Array(Type.String()),
      updatedAt: IsoDateTime,
      why: Type.Array(StringEnum(['alert', 'device_type'] as const), { description: 'what it matched: the alert first' }),
    }),
  ),
});
export type KbSuggestions = Static<typeof KbSuggestions>;
