import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built console from the same port as the API. Paths that are not files fall back to index.html so that
 * the console's own router handles /users, /audit…; unknown /api paths still get the JSON 404.
 */
export async function registerWeb(app: FastifyInstance, distDir: string): Promise<void> {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ distDir }, 'the console is not built: run `npm run build:web` (npm start does it for you)');
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    // Hashed asset names never change content, so browsers may keep them; index.html must always be fresh.
    setHeaders: (res, file) => res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${url}`, requestId: request.id } });
    }
    const file = path.join(distDir, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(distDir) && url !== '/' && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(distDir, file));
    // Read per navigation, not once: a rebuilt console (new hashed asset names) is served without a restart.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(await fs.promises.readFile(index));
  });
}
