import helmet from 'helmet';
import type { App } from './types.ts';

/**
 * The security headers of every response (helmet's: Content-Security-Policy, X-Content-Type-Options, frame and
 * referrer policies, HSTS behind HTTPS…). The middleware is built once: @fastify/helmet built it again for every
 * request, 2–3.5 % of the server's CPU on a list page (bench:incidents).
 */
export function registerSecurityHeaders(app: App, options: { hsts: boolean }): void {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // The console is often reached over plain HTTP on a LAN address; upgrading would break every asset there.
        upgradeInsecureRequests: null,
      },
    },
    // HSTS only makes sense when opsdesk is served over HTTPS, which is also when cookies are marked Secure.
    strictTransportSecurity: options.hsts,
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
}
