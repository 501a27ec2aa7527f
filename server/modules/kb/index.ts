/**
 * The knowledge base's public surface (SPEC C6.4, C5.7; issue 12 point 6): the table types, and the service type. See
 * README.md.
 */
export type { KbTables } from './kb.tables.ts';
export type { KbService } from './kb.service.ts';
export { ARTICLE_STATES, type ArticleState } from './kb-model.ts';
/** The demo campus's articles: main.ts loads them with `services.kb.loadShipped(system, DEMO_ARTICLES)` on a new demo database. */
export { DEMO_ARTICLES } from './kb-demo.ts';
