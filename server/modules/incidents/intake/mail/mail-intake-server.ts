import { Counter, type Registry } from 'prom-client';
import type { ModuleContext } from '../../../../module.ts';
import type { AttachmentsService } from '../../attachments/attachments.ts';
import type { IncidentsService } from '../../incidents.service.ts';
import { createMailIntake } from './mail-intake.ts';
import { createMailListener, type MailListener, type MailListenerCounters, type MailListenerLogger } from './mail-listener.ts';

/**
 * The SMTP listener at the request addresses, wired to the mail intake, as server/main.ts starts it when
 * config.mailIntake has a port (null otherwise). Its counters go to /metrics as
 * `opsdesk_mail_intake_messages_total{outcome}`. Without a site for new requests it still starts — replies to
 * incidents come in — and says loudly that new requests are deferred.
 */
export function createMailIntakeServer(ctx: ModuleContext, deps: { incidents: IncidentsService; attachments: AttachmentsService; log: MailListenerLogger }): MailListener | null {
  const { config, db, clock, audit } = ctx;
  const settings = config.mailIntake;
  if (settings.port === null) return null;
  const { incidents, attachments, log } = deps;
  if (settings.site === null) log.error({}, 'mail intake: OPSDESK_MAIL_INTAKE_SITE is not set: new requests by mail are deferred (451) until it is; replies quoting an incident number still come in');
  const listener = createMailListener({
    host: settings.host,
    port: settings.port,
    addresses: settings.addresses,
    dataDir: config.dataDir,
    clock,
    log,
    allowClients: settings.allowClients,
    maxMessageBytes: settings.maxMessageBytes,
    onMessage: createMailIntake({ db, clock, incidents, attachments, audit, log, site: settings.site }),
  });
  if (ctx.metrics) registerMailIntakeMetrics(ctx.metrics.registry, listener.counters);
  return listener;
}

/** The listener's counters, read when /metrics is scraped. */
export function registerMailIntakeMetrics(registry: Registry, counters: Readonly<MailListenerCounters>): void {
  new Counter({
    name: 'opsdesk_mail_intake_messages_total',
    help: 'Mail intake on this node: messages and connections by outcome (accepted, automatic, tooLarge, deferred, unreadable, aborted, recipientsRefused, clientsRefused)',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, count] of Object.entries(counters)) this.inc({ outcome }, count);
    },
  });
}
