import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  type AnyPgColumn,
  pgEnum,
  primaryKey,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["user", "admin"]);

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  login: text("login").notNull().unique(),
  name: text("name").notNull(),
  email: text("email"),
  passwordHash: text("password_hash").notNull(),
  role: userRole("role").notNull().default("user"),
  allowAgentApps: boolean("allow_agent_apps").notNull().default(false),
  lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const projects = pgTable("projects", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const agentApps = pgTable("agent_apps", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
  createdByLogin: text("created_by_login").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Token kinds; what each one is and may do lives in TOKEN_KINDS (lib/tokens/kinds.ts). */
export const tokenKind = pgEnum("token_kind", [
  "user",
  "global_analysis",
  "project_analysis",
  "organization",
  "agent",
  "agent_app",
]);

/**
 * Personal tokens: the kinds a person generates for themselves (user, global analysis, project
 * analysis). Their names are unique per owner and they are removed for inactivity. Agent tokens have
 * an owner too, but an agent app makes them and they live an hour at most, so they are not personal.
 */
export const PERSONAL_TOKEN_KINDS = [
  "user",
  "global_analysis",
  "project_analysis",
] as const satisfies readonly (typeof tokenKind.enumValues)[number][];

export const tokens = pgTable(
  "tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: tokenKind("kind").notNull(),
    /** Owner for user, analysis and agent tokens; null for instance-owned kinds. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    agentAppId: uuid("agent_app_id").references(() => agentApps.id, { onDelete: "cascade" }),
    /** Organization tokens: `production` or `development`, a label for people. */
    label: text("label"),
    /**
     * Organization tokens: true for all projects, false for the projects listed in
     * organization_token_projects (then none at all once those are deleted, never "all").
     */
    allProjects: boolean("all_projects"),
    task: text("task"),
    /** Agent tokens: set when the task finished (POST /api/agent_tokens/finish); dead from then on. */
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    name: text("name").notNull(),
    /** SHA-256 of the whole token, hex. The plaintext is never stored. */
    tokenHash: text("token_hash").notNull(),
    hint: text("hint").notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    /** Kept so the creator stays visible after their account is deleted. */
    createdByLogin: text("created_by_login"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    /** The client address and `User-Agent` (at most 200 characters) of the last use, written with it. */
    lastUsedIp: text("last_used_ip"),
    lastUsedClient: text("last_used_client"),
    /**
     * Set when the token was rotated: it keeps working until `rotatedUntil` (the end of the overlap),
     * then fails like an expired token and the sweeper deletes it. `rotatedIntoId` is its successor,
     * null again once that one is revoked.
     */
    rotatedIntoId: uuid("rotated_into_id").references((): AnyPgColumn => tokens.id, { onDelete: "set null" }),
    rotatedUntil: timestamp("rotated_until", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("tokens_token_hash_key").on(t.tokenHash),
    // Names are unique per owner among personal tokens, so a duplicate fails even when two requests race.
    // A rotated token does not count, so its successor carries the same name.
    uniqueIndex("tokens_user_name_key")
      .on(t.userId, t.name)
      .where(sql`${t.kind} in ('user', 'global_analysis', 'project_analysis') and ${t.rotatedUntil} is null`),
    uniqueIndex("tokens_organization_name_key")
      .on(t.name)
      .where(sql`${t.kind} = 'organization' and ${t.rotatedUntil} is null`),
    uniqueIndex("tokens_agent_task_key")
      .on(t.agentAppId, t.userId, t.task)
      .where(sql`${t.kind} = 'agent'`),
    uniqueIndex("tokens_agent_app_credential_key")
      .on(t.agentAppId)
      .where(sql`${t.kind} = 'agent_app'`),
    // A user's tokens newest first, a page at a time (My Account, the admin Tokens dialog, the Web
    // API's list); also every lookup by owner, such as the cascade of a user's deletion. Ascending:
    // read backwards it is `created_at desc, id desc` (nulls first, as `order by ... desc` sorts).
    index("tokens_user_created_idx").on(t.userId, t.createdAt, t.id),
    // Settings > Tokens, newest first, a page at a time (read backwards, as above).
    index("tokens_organization_created_idx")
      .on(t.createdAt, t.id)
      .where(sql`${t.kind} = 'organization'`),
    // The sweeper's scan: personal tokens by their last activity (use, or creation if never used).
    index("tokens_user_owned_activity_idx")
      .on(sql`coalesce(${t.lastUsedAt}, ${t.createdAt})`)
      .where(sql`${t.kind} in ('user', 'global_analysis', 'project_analysis')`),
    index("tokens_agent_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.kind} = 'agent'`),
    // The sweeper's scan of finished agent tasks; small, as the sweeper empties it every run.
    index("tokens_agent_finished_idx")
      .on(t.finishedAt)
      .where(sql`${t.kind} = 'agent' and ${t.finishedAt} is not null`),
    // The sweeper's scan of rotated tokens by the end of their overlap.
    index("tokens_rotated_until_idx")
      .on(t.rotatedUntil)
      .where(sql`${t.rotatedUntil} is not null`),
    // Deleting any token looks for the rows it is the successor of (on delete set null): keep that a
    // lookup in this small index, not a scan of every token.
    index("tokens_rotated_into_id_idx")
      .on(t.rotatedIntoId)
      .where(sql`${t.rotatedIntoId} is not null`),
    index("tokens_project_id_idx").on(t.projectId),
    // The sweeper's scan for expiry notices: the kinds warned before they expire, by expiry.
    index("tokens_notice_expiry_idx")
      .on(t.expiresAt)
      .where(sql`${t.kind} in ('user', 'global_analysis', 'project_analysis', 'organization')`),
    check(
      "tokens_owner_check",
      sql`(${t.kind} in ('user', 'global_analysis', 'project_analysis', 'agent')) = (${t.userId} is not null)`,
    ),
    check("tokens_project_check", sql`(${t.kind} = 'project_analysis') = (${t.projectId} is not null)`),
    check("tokens_agent_app_check", sql`(${t.kind} in ('agent', 'agent_app')) = (${t.agentAppId} is not null)`),
    check("tokens_name_check", sql`char_length(${t.name}) between 1 and 100`),
    check("tokens_rotation_check", sql`${t.rotatedIntoId} is null or ${t.rotatedUntil} is not null`),
    check("tokens_organization_scope_check", sql`(${t.kind} = 'organization') = (${t.allProjects} is not null)`),
  ],
);

/** The chosen projects of an organization token whose scope is not all projects. */
export const organizationTokenProjects = pgTable(
  "organization_token_projects",
  {
    tokenId: uuid("token_id")
      .notNull()
      .references(() => tokens.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.tokenId, t.projectId] }),
    index("organization_token_projects_project_id_idx").on(t.projectId),
  ],
);

/**
 * Execute Analysis ("scan") grants: one row per user and project, or per user with a null project
 * for the global permission. Admins have every permission without rows.
 */
export const scanPermissions = pgTable(
  "scan_permissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("scan_permissions_project_key")
      .on(t.userId, t.projectId)
      .where(sql`${t.projectId} is not null`),
    uniqueIndex("scan_permissions_global_key")
      .on(t.userId)
      .where(sql`${t.projectId} is null`),
    index("scan_permissions_project_id_idx").on(t.projectId),
  ],
);

/** An analysis submitted with POST /api/ce/submit: the action analysis tokens exist for. */
export const analyses = pgTable(
  "analyses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    submittedById: uuid("submitted_by_id").references(() => users.id, { onDelete: "set null" }),
    /** Kept so the submitter stays visible after their account is deleted; null for instance tokens. */
    submittedByLogin: text("submitted_by_login"),
    /** The kind and name of the token used, or null for a login and password. */
    tokenKind: tokenKind("token_kind"),
    tokenName: text("token_name"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("analyses_project_id_idx").on(t.projectId)],
);

/**
 * The audit trail: append-only (triggers refuse UPDATE, DELETE and TRUNCATE). No foreign keys, so records
 * outlive the users, projects and tokens they mention; logins, names and hints are copied in.
 * Never a token value.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** What happened, e.g. `token.generate`; the list is AUDIT_ACTIONS in lib/audit/record.ts. */
    action: text("action").notNull(),
    /** Who did it; null for the system (the sweeper) or an unauthenticated client. */
    actorId: uuid("actor_id"),
    actorLogin: text("actor_login"),
    /** For whom: the user whose token or account it concerns, when there is one. */
    targetLogin: text("target_login"),
    tokenKind: tokenKind("token_kind"),
    tokenName: text("token_name"),
    tokenHint: text("token_hint"),
    clientIp: text("client_ip"),
    /** Anything else worth keeping (project key, old and new settings, counts). Never a secret. */
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_created_at_idx").on(t.createdAt.desc(), t.id.desc()),
    index("audit_events_action_idx").on(t.action, t.createdAt.desc()),
    index("audit_events_actor_login_idx").on(t.actorLogin, t.createdAt.desc()),
    index("audit_events_target_login_idx").on(t.targetLogin, t.createdAt.desc()),
  ],
);

/**
 * Signed-in browser sessions. The session cookie (next-auth's encrypted JWT) carries a random secret;
 * only its SHA-256 is stored, so a copy of the database opens no session. Deleting the row ends the
 * session on every server at once; deleting the user deletes their rows.
 */
export const sessions = pgTable(
  "sessions",
  {
    /** Shown to the owner's browser (list keys); never accepted as a credential. */
    id: uuid("id").primaryKey().defaultRandom(),
    secretHash: text("secret_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Written at most once a minute, with the address and `User-Agent` (at most 200 characters) of that request. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("sessions_secret_hash_key").on(t.secretHash),
    index("sessions_user_id_idx").on(t.userId),
    // Sign-in deletes the sessions past their lifetime by this index.
    index("sessions_created_at_idx").on(t.createdAt),
  ],
);

/** Why a notice was made: the token expires soon, will be removed for inactivity, or was revoked as leaked. */
export const noticeReason = pgEnum("notice_reason", ["expiry", "inactivity", "leak"]);

/**
 * Where a notice's email stands: `pending` (to send), `sending` (claimed by one sender, so never
 * sent twice), `sent`, `failed` (refused, or out of attempts), `unsent` (no mail configured or no
 * recipient address).
 */
export const noticeMailStatus = pgEnum("notice_mail_status", ["pending", "sending", "sent", "failed", "unsent"]);

/**
 * A notice about a token, for its owner, or for the admins (null user) when the token is
 * instance-owned. Expiry and inactivity notices point to their token and go with it; a leak
 * notice's token was revoked, so it keeps only the copied name, kind and hint. Never a token value.
 */
export const notices = pgTable(
  "notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reason: noticeReason("reason").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    tokenId: uuid("token_id").references(() => tokens.id, { onDelete: "cascade" }),
    tokenKind: tokenKind("token_kind").notNull(),
    tokenName: text("token_name").notNull(),
    tokenHint: text("token_hint").notNull(),
    /** Expiry and inactivity: made this many days (7 or 1) before `dueAt`; null for a leak. */
    thresholdDays: integer("threshold_days"),
    /** When the token expires or will be removed, as it stood when the notice was made. */
    dueAt: timestamp("due_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
    mailStatus: noticeMailStatus("mail_status").notNull().default("unsent"),
    mailAttempts: integer("mail_attempts").notNull().default(0),
    /** The last failure of its email (the SMTP answer), kept for the admins. */
    mailError: text("mail_error"),
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [
    // Once per token, reason and threshold, so a repeated sweep creates nothing twice.
    uniqueIndex("notices_token_threshold_key")
      .on(t.tokenId, t.reason, t.thresholdDays)
      .where(sql`${t.tokenId} is not null`),
    index("notices_user_id_idx").on(t.userId),
    index("notices_mail_pending_idx")
      .on(t.createdAt)
      .where(sql`${t.mailStatus} = 'pending'`),
    check("notices_threshold_check", sql`(${t.reason} = 'leak') = (${t.thresholdDays} is null)`),
    check("notices_token_check", sql`${t.reason} = 'leak' or ${t.tokenId} is not null`),
  ],
);

/** A single row (id = 1) of instance-wide settings. Null days mean "no limit". */
export const settings = pgTable(
  "settings",
  {
    id: integer("id").primaryKey().default(1),
    maxTokenLifetimeDays: integer("max_token_lifetime_days"),
    inactiveTokenRemovalDays: integer("inactive_token_removal_days").default(60),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** This instance's id (api/system/status), made at install; every server on the database shares it. */
    instanceId: uuid("instance_id").notNull().defaultRandom(),
  },
  (t) => [check("settings_single_row", sql`${t.id} = 1`)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AgentApp = typeof agentApps.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type Token = typeof tokens.$inferSelect;
export type Notice = typeof notices.$inferSelect;
export type NoticeReason = (typeof noticeReason.enumValues)[number];
export type TokenKind = (typeof tokenKind.enumValues)[number];
export type PersonalTokenKind = (typeof PERSONAL_TOKEN_KINDS)[number];
export type UserRole = (typeof userRole.enumValues)[number];

/**
 * Failed-authentication counters shared by every instance on one PostgreSQL (PGlite keeps them in
 * memory): one fixed window per limiter and key. UNLOGGED: a crash may lose them, which only
 * forgets recent failures, and their writes skip the WAL.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    limiter: text("limiter").notNull(),
    key: text("key").notNull(),
    windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull(),
    failures: integer("failures").notNull(),
  },
  (t) => [primaryKey({ columns: [t.limiter, t.key] })],
);
