import { toIso, toIsoOrNull } from '../../clock.ts';
import type { Executor } from '../../db/types.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { fieldProblem, invalidFields } from '../../field-problems.ts';
import { cursorPage, type ListRequest } from '../../http/cursor.ts';
import { listValues } from '../../http/list-values.ts';
import { newId } from '../../ids.ts';
import type { ModuleContext } from '../../module.ts';
import { can, requirePermission, type RequestContext } from '../auth/index.ts';
import { incidentKnowledge, type IncidentKnowledge } from '../incidents/index.ts';
import { draftFromIncident } from './kb-draft.ts';
import { ARTICLE_STATES, emptyLinks, nextState, type ArticleAction, type ArticleLinks, type ArticleState } from './kb-model.ts';
import { highlight, MAX_TERMS, parseQuery, snippet, type SearchTerm } from './kb-search-text.ts';
import { ARTICLES_ORDER, createKbRepository, type ArticleFilter, type NewArticle } from './kb.repository.ts';
import type { Article, ArticleActionBody, ArticleHit, ArticleListQuery, CreateArticleBody, KbSuggestions, SearchQuery, UpdateArticleBody } from './kb.schemas.ts';
import type { KbArticlesTable } from './kb.tables.ts';

const SUGGESTION_LIMIT = 10;
/** What a reader without plans:write may see. */
const READER_STATES: readonly ArticleState[] = ['published'];
/** What a writer's list shows when it names no state. */
const WRITER_DEFAULT_STATES: readonly ArticleState[] = ['draft', 'in_review', 'published'];

const LINK_INPUTS = ['tags', 'plans', 'incidents', 'deviceTypes', 'problems', 'alertNames'] as const;

/** Links from a request: trimmed, empties and repeats dropped, in the order given; fields not sent keep `current`. */
function linksFrom(body: Partial<Record<(typeof LINK_INPUTS)[number], string[]>>, current: ArticleLinks): ArticleLinks {
  const out = { ...current };
  for (const field of LINK_INPUTS) {
    const values = body[field];
    if (values !== undefined) out[field] = [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
  }
  return out;
}

const sameLinks = (a: ArticleLinks, b: ArticleLinks) => LINK_INPUTS.every((f) => a[f].length === b[f].length && a[f].every((v, i) => v === b[f][i]));

/**
 * The knowledge base (知识库, SPEC C6.4 and C5.7): articles in Markdown with tags and links to plans, incidents,
 * device types, problems and alerts; drafted from a closed incident in one call; reviewed before publishing by a
 * second person (the four-eyes rule: whoever wrote it or last changed its text cannot publish it); every change kept
 * as a version; searched by any words, Chinese without spaces included (README.md, "Search").
 * Reading needs plans:read (and sees published articles only without plans:write); writing needs plans:write.
 */
export function createKbService(ctx: ModuleContext) {
  const { db, clock, audit } = ctx;
  const k = db.kysely;
  const repo = createKbRepository(db.dialect);

  const isWriter = (rc: RequestContext) => can(rc.actor, 'plans:write');

  async function toArticles(executor: Executor, rows: readonly KbArticlesTable[]): Promise<Article[]> {
    const [links, names] = await Promise.all([
      repo.linksOf(executor, rows.map((r) => r.id)),
      repo.names(executor, rows.flatMap((r) => [r.created_by, r.updated_by, r.content_by, r.submitted_by, r.published_by].filter((u): u is string => u !== null))),
    ]);
    const person = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      state: r.state,
      version: r.version,
      ...(links.get(r.id) ?? emptyLinks()),
      sourceIncidentId: r.source_incident_id,
      createdBy: person(r.created_by),
      createdAt: toIso(r.created_at),
      updatedBy: person(r.updated_by),
      updatedAt: toIso(r.updated_at),
      contentBy: person(r.content_by),
      submittedBy: person(r.submitted_by),
      submittedAt: toIsoOrNull(r.submitted_at),
      publishedBy: person(r.published_by),
      publishedAt: toIsoOrNull(r.published_at),
    }));
  }
  const toArticle = async (executor: Executor, row: KbArticlesTable) => (await toArticles(executor, [row]))[0]!;

  async function toHits(rows: readonly KbArticlesTable[], terms: readonly SearchTerm[]): Promise<ArticleHit[]> {
    const links = await repo.linksOf(k, rows.map((r) => r.id), ['tag', 'device_type']);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      version: r.version,
      tags: links.get(r.id)?.tags ?? [],
      deviceTypes: links.get(r.id)?.deviceTypes ?? [],
      updatedAt: toIso(r.updated_at),
      titleHtml: highlight(r.title, terms),
      snippet: snippet(r.body, terms),
    }));
  }

  /** The article if the caller may see it: readers see published ones only; 404 otherwise. */
  async function visibleArticle(executor: Executor, rc: RequestContext, id: string): Promise<KbArticlesTable> {
    const row = await repo.findById(executor, id);
    if (!row || (!isWriter(rc) && !READER_STATES.includes(row.state))) throw new NotFoundError('Article', id);
    return row;
  }

  function statesFor(rc: RequestContext, requested: string | undefined): readonly ArticleState[] {
    const states = listValues(requested, 'state', ARTICLE_STATES, (s) => s as ArticleState);
    if (!isWriter(rc)) return states ? states.filter((s) => READER_STATES.includes(s)) : READER_STATES;
    return states ?? WRITER_DEFAULT_STATES;
  }

  function filterOf(rc: RequestContext, query: Omit<ArticleListQuery, 'cursor' | 'limit'>, terms?: SearchTerm[]): ArticleFilter {
    return {
      states: statesFor(rc, query.state),
      ...(query.tag?.trim() && { tag: query.tag.trim() }),
      ...(query.deviceType?.trim() && { deviceType: query.deviceType.trim() }),
      ...(terms && { terms }),
    };
  }

  const linksJson = (links: ArticleLinks) => JSON.stringify(links);

  async function create(rc: RequestContext, input: { title: string; body: string; links: ArticleLinks; sourceIncidentId: string | null }): Promise<Article> {
    return k.transaction().execute(async (trx) => {
      const now = clock.now();
      const fresh: NewArticle = {
        id: newId(),
        title: input.title,
        body: input.body,
        state: 'draft',
        version: 1,
        source_incident_id: input.sourceIncidentId,
        created_by: rc.actor.userId,
        created_at: now,
        content_by: rc.actor.userId,
        updated_by: rc.actor.userId,
        updated_at: now,
        submitted_by: null,
        submitted_at: null,
        published_by: null,
        published_at: null,
      };
      const row = await repo.insert(trx, fresh, input.links, {
        article_id: fresh.id,
        version: 1,
        action: 'create',
        state: 'draft',
        title: fresh.title,
        body: fresh.body,
        links: linksJson(input.links),
        note: input.sourceIncidentId ? `incident ${input.sourceIncidentId}` : null,
        by: rc.actor.userId,
        at: now,
      });
      const view = await toArticle(trx, row);
      await audit.append(trx, rc, { action: 'kb_article.create', targetType: 'kb_article', targetId: row.id, after: { ...view, body: undefined, bodyLength: view.body.length } });
      return view;
    });
  }

  const auditView = (a: Article) => ({ ...a, body: undefined, bodyLength: a.body.length });

  return {
    async create(rc: RequestContext, body: CreateArticleBody): Promise<Article> {
      requirePermission(rc.actor, 'plans:write');
      return create(rc, { title: body.title.trim(), body: body.body ?? '', links: linksFrom(body, emptyLinks()), sourceIncidentId: null });
    },

    /** A draft from a closed incident: its symptom, cause, fix and parts, linked to the incident, its device type and alerts. */
    async fromIncident(rc: RequestContext, incidentId: string): Promise<Article> {
      requirePermission(rc.actor, 'plans:write');
      requirePermission(rc.actor, 'incidents:read');
      const incident: IncidentKnowledge = await incidentKnowledge(k, rc.actor, incidentId).catch((error: unknown) => {
        if (error instanceof NotFoundError) throw invalidFields([fieldProblem('incidentId', 'unknownIncident', { incident: incidentId })]);
        throw error;
      });
      if (incident.state !== 'closed') throw new ConflictError(`Incident ${incident.ref} is not closed yet: an article is drafted from what was found and done`, 'KB_INCIDENT_NOT_CLOSED', { state: incident.state });
      const draft = draftFromIncident(incident);
      return create(rc, { ...draft, sourceIncidentId: incident.id });
    },

    async get(rc: RequestContext, id: string): Promise<Article> {
      requirePermission(rc.actor, 'plans:read');
      return toArticle(k, await visibleArticle(k, rc, id));
    },

    async list(rc: RequestContext, query: ArticleListQuery) {
      requirePermission(rc.actor, 'plans:read');
      const { cursor, limit = 50, ...filters } = query;
      const filter = filterOf(rc, filters);
      if (filter.states.length === 0) return { items: [], nextCursor: null };
      return cursorPage(ARTICLES_ORDER, { cursor, limit } satisfies ListRequest, (p) => repo.list(k, filter, p), (rows) => toHits(rows, []));
    },

    async search(rc: RequestContext, query: SearchQuery) {
      requirePermission(rc.actor, 'plans:read');
      const { q, cursor, limit = 20, ...filters } = query;
      const terms = parseQuery(q);
      if (terms.length === 0) throw invalidFields([fieldProblem('querystring.q', 'required')]);
      if (terms.length > MAX_TERMS) throw invalidFields([fieldProblem('querystring.q', 'maxItems', { limit: MAX_TERMS })]);
      const filter = filterOf(rc, filters, terms);
      if (filter.states.length === 0) return { items: [], nextCursor: null };
      return cursorPage(ARTICLES_ORDER, { cursor, limit }, (p) => repo.list(k, filter, p), (rows) => toHits(rows, terms));
    },

    async update(rc: RequestContext, id: string, body: UpdateArticleBody): Promise<Article> {
      requirePermission(rc.actor, 'plans:write');
      return k.transaction().execute(async (trx) => {
        const row = await visibleArticle(trx, rc, id);
        if (row.state !== 'draft') throw new ConflictError(`Only a draft is edited: this article is ${row.state} (revise it back to a draft first)`, 'KB_NOT_DRAFT', { state: row.state });
        const current = (await repo.linksOf(trx, [id])).get(id)!;
        const links = linksFrom(body, current);
        const title = body.title?.trim() ?? row.title;
        const text = body.body ?? row.body;
        const before = await toArticle(trx, row);
        const now = clock.now();
        const contentChanged = title !== row.title || text !== row.body || !sameLinks(links, current);
        const after = await repo.updateIfVersion(
          trx,
          id,
          body.version,
          { title, body: text, updated_by: rc.actor.userId, updated_at: now, ...(contentChanged && { content_by: rc.actor.userId }) },
          links,
          { article_id: id, action: 'update', state: row.state, title, body: text, links: linksJson(links), note: null, by: rc.actor.userId, at: now },
        );
        if (!after) throw new ConflictError('The article changed meanwhile: reload it and try again', 'KB_ARTICLE_CHANGED', { version: row.version });
        const view = await toArticle(trx, after);
        await audit.append(trx, rc, { action: 'kb_article.update', targetType: 'kb_article', targetId: id, before: auditView(before), after: auditView(view) });
        return view;
      });
    },

    /** submit, publish (four eyes), reject (with a note), revise, archive. */
    async act(rc: RequestContext, id: string, body: ArticleActionBody): Promise<Article> {
      requirePermission(rc.actor, 'plans:write');
      const action: ArticleAction = body.action;
      if (action === 'reject' && !body.note?.trim()) throw invalidFields([fieldProblem('note', 'required')]);
      return k.transaction().execute(async (trx) => {
        const row = await visibleArticle(trx, rc, id);
        const to = nextState(row.state, action);
        if (action === 'publish') {
          const me = rc.actor.userId;
          if (me === null || me === row.created_by || me === row.content_by) {
            throw new ForbiddenError('An article is published by a second person: its author and whoever last changed its text cannot publish it', undefined, 'KB_REVIEW_BY_AUTHOR');
          }
        }
        const now = clock.now();
        const links = (await repo.linksOf(trx, [id])).get(id)!;
        const before = await toArticle(trx, row);
        const after = await repo.updateIfVersion(
          trx,
          id,
          body.version,
          {
            state: to,
            updated_by: rc.actor.userId,
            updated_at: now,
            ...(action === 'submit' && { submitted_by: rc.actor.userId, submitted_at: now }),
            ...(action === 'publish' && { published_by: rc.actor.userId, published_at: now }),
            ...((action === 'reject' || action === 'revise') && { submitted_by: null, submitted_at: null }),
          },
          null,
          { article_id: id, action, state: to, title: row.title, body: row.body, links: linksJson(links), note: body.note?.trim() || null, by: rc.actor.userId, at: now },
        );
        if (!after) throw new ConflictError('The article changed meanwhile: reload it and try again', 'KB_ARTICLE_CHANGED', { version: row.version });
        const view = await toArticle(trx, after);
        await audit.append(trx, rc, { action: `kb_article.${action}`, targetType: 'kb_article', targetId: id, before: auditView(before), after: auditView(view), reason: body.note?.trim() || null });
        return view;
      });
    },

    async versions(rc: RequestContext, id: string) {
      requirePermission(rc.actor, 'plans:read');
      await visibleArticle(k, rc, id);
      // Readers see the article as published, not its drafts.
      if (!isWriter(rc)) return { items: [] };
      const rows = await repo.versions(k, id);
      const names = await repo.names(k, rows.flatMap((r) => (r.by ? [r.by] : [])));
      return {
        items: rows.map((r) => ({
          version: Number(r.version),
          action: r.action,
          state: r.state,
          title: r.title,
          body: r.body,
          ...(JSON.parse(r.links) as ArticleLinks),
          note: r.note,
          by: r.by ? { id: r.by, name: names.get(r.by) ?? r.by } : null,
          at: toIso(Number(r.at)),
        })),
      };
    },

    /**
     * Shipped articles (the demo campus's, DEMO_ARTICLES), written published by the system: they were reviewed where
     * they were written, so the four-eyes rule does not apply. Only the system may call it; an article whose title is
     * already there is left alone, so loading twice changes nothing.
     */
    async loadShipped(rc: RequestContext, articles: readonly ({ title: string; body: string } & Partial<ArticleLinks>)[]): Promise<number> {
      if (rc.actor.kind !== 'system') throw new ForbiddenError('Only opsdesk itself loads shipped articles');
      let loaded = 0;
      for (const input of articles) {
        const exists = await k.selectFrom('kb_articles').select('id').where('title', '=', input.title).executeTakeFirst();
        if (exists) continue;
        const draft = await create(rc, { title: input.title, body: input.body, links: linksFrom(input, emptyLinks()), sourceIncidentId: null });
        await k.transaction().execute(async (trx) => {
          const now = clock.now();
          const row = (await repo.updateIfVersion(
            trx,
            draft.id,
            draft.version,
            { state: 'published', updated_at: now, published_at: now },
            null,
            { article_id: draft.id, action: 'publish', state: 'published', title: draft.title, body: draft.body, links: linksJson(linksFrom(input, emptyLinks())), note: 'shipped', by: null, at: now },
          ))!;
          const view = await toArticle(trx, row);
          await audit.append(trx, rc, { action: 'kb_article.publish', targetType: 'kb_article', targetId: draft.id, after: auditView(view), reason: 'shipped' });
        });
        loaded++;
      }
      return loaded;
    },

    /** Published articles for an incident: those linked to one of its alerts' names, then those for its device type. */
    async suggestions(rc: RequestContext, incidentId: string): Promise<KbSuggestions> {
      requirePermission(rc.actor, 'plans:read');
      requirePermission(rc.actor, 'incidents:read');
      const incident = await incidentKnowledge(k, rc.actor, incidentId);
      const found = await repo.suggest(k, { alertNames: incident.alertNames, deviceType: incident.deviceType, limit: SUGGESTION_LIMIT });
      const tags = await repo.linksOf(k, found.map((f) => f.id), ['tag']);
      return {
        basis: { incidentId, deviceType: incident.deviceType, alertNames: incident.alertNames },
        items: found.map((f) => ({
          id: f.id,
          title: f.title,
          tags: tags.get(f.id)?.tags ?? [],
          updatedAt: toIso(f.updatedAt),
          why: (['alert', 'device_type'] as const).filter((w) => f.why.has(w)),
        })),
      };
    },
  };
}

export type KbService = ReturnType<typeof createKbService>;
