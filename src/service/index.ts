// The one service layer under the three front ends (CLI, HTTP API, web console). Each service gets
// only what it reads; none of the front ends queries the database on its own.
import type { AppContext } from '../runtime/context.js';
import { AgencyService } from '../agency/service.js';
import { UserService } from '../access/users.js';
import { TokenService } from '../access/tokens.js';
import { SessionService } from '../access/sessions.js';
import { AuditService } from '../audit/service.js';
import { RegisterService } from '../register/service.js';
import { QuarantineService } from '../register/quarantine-service.js';
import { MessageService } from '../ingest/messages-service.js';
import { MailboxService } from '../ingest/mailbox-service.js';
import { OutgoingService } from '../dispatch/service.js';
import { CalendarService } from '../calendar/service.js';
import { TrustService } from '../signature/trust-service.js';
import { ReportService } from '../register/report-service.js';
import { WorkflowService } from '../workflow/service.js';
import { HandlingStore } from '../workflow/handling.js';
import { enqueueWorkflow } from '../workflow/jobs.js';
import { followUp } from '../workflow/follow-up.js';

export interface Services {
  agencies: AgencyService;
  users: UserService;
  tokens: TokenService;
  sessions: SessionService;
  audit: AuditService;
  register: RegisterService;
  quarantine: QuarantineService;
  messages: MessageService;
  mailboxes: MailboxService;
  outgoing: OutgoingService;
  calendar: CalendarService;
  trust: TrustService;
  reports: ReportService;
  workflow: WorkflowService;
}

export function createServices(ctx: AppContext): Services {
  const { models } = ctx;
  return {
    agencies: new AgencyService({ Agency: models.Agency, directory: ctx.agencies, audit: ctx.audit }),
    users: new UserService({ User: models.User, agencies: ctx.agencies, audit: ctx.audit }),
    tokens: new TokenService({ ApiToken: models.ApiToken, User: models.User, audit: ctx.audit }),
    sessions: new SessionService({ Session: models.Session, User: models.User, redis: ctx.redis, prefix: ctx.prefix, audit: ctx.audit, idleMinutes: ctx.cfg.api.sessionIdleMinutes }),
    audit: new AuditService(ctx.audit),
    register: new RegisterService(ctx),
    quarantine: new QuarantineService(ctx),
    messages: new MessageService({ models }),
    mailboxes: new MailboxService(ctx),
    outgoing: new OutgoingService(ctx),
    calendar: new CalendarService({ audit: ctx.audit }),
    trust: new TrustService({ audit: ctx.audit }),
    reports: new ReportService({ models, agencies: ctx.agencies }),
    workflow: new WorkflowService({
      models,
      agencies: ctx.agencies,
      audit: ctx.audit,
      store: new HandlingStore({ models, redis: ctx.redis, prefix: ctx.prefix }),
      handOver: (entryId) => enqueueWorkflow(ctx, { kind: 'handover', entryId }),
      // The follow-up sends mail: it is the one step that needs the whole context.
      followUp: (now) => followUp(ctx, now),
      secrets: ctx.secrets,
    }),
  };
}
