import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Database } from "../client";
import { notices, settings, tokens, users, type Notice, type TokenKind } from "../schema";

const DAY_MS = 86_400_000;

/** Mail status of a new notice: `pending` when mail is configured, else `unsent`. */
export type NewNoticeMailStatus = "pending" | "unsent";

const iso = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Kinds as SQL literals, not parameters: the planner only uses a partial index (tokens_notice_expiry_idx,
 * tokens_user_owned_activity_idx) when the query's kind list implies the index's predicate.
 */
function kindLiterals(kinds: readonly TokenKind[]): SQL {
  if (kinds.length === 0) throw new Error("no kinds");
  return sql.raw(
    kinds
      .map((kind) => {
        if (!/^[a-z_]+$/.test(kind)) throw new Error(`unexpected token kind ${kind}`);
        return `'${kind}'`;
      })
      .join(", "),
  );
}

const lastActivity = sql`coalesce(${tokens.lastUsedAt}, ${tokens.createdAt})`;
const removalDays = sql`(select ${settings.inactiveTokenRemovalDays} from ${settings} where ${settings.id} = 1)`;
const removalAt = sql`(${lastActivity} + ${removalDays} * interval '86400 seconds')`;

/**
 * Expiry notices for the tokens of `kinds` expiring after `now` and within 7 days: threshold 1 when
 * within a day, else 7; once per token and threshold (the unique index), so a repeated run adds
 * nothing. A rotated token is not warned about: its successor is the one to watch. One statement,
 * committed on its own. Returns the new notices' ids.
 */
export async function createExpiryNotices(
  db: Database,
  now: Date,
  kinds: readonly TokenKind[],
  mailStatus: NewNoticeMailStatus,
): Promise<string[]> {
  const in1 = new Date(now.getTime() + DAY_MS);
  const in7 = new Date(now.getTime() + 7 * DAY_MS);
  return insertedIds(
    db,
    sql`
    select 'expiry'::notice_reason, ${tokens.userId}, ${tokens.id}, ${tokens.kind}, ${tokens.name}, ${tokens.hint},
      case when ${tokens.expiresAt} <= ${iso(in1)} then 1 else 7 end, ${tokens.expiresAt}, ${iso(now)}, ${mailStatus}::notice_mail_status
    from ${tokens}
    where ${tokens.kind} in (${kindLiterals(kinds)}) and ${tokens.expiresAt} > ${iso(now)} and ${tokens.expiresAt} <= ${iso(in7)}
      and ${tokens.rotatedUntil} is null`,
  );
}

/**
 * Inactivity notices for the tokens of `kinds` the sweeper will remove within 7 days (last activity
 * plus the inactivity period), as createExpiryNotices does for expiry. None while the period is
 * `Never`, and none for a token already expired (it no longer works anyway).
 */
export async function createInactivityNotices(
  db: Database,
  now: Date,
  kinds: readonly TokenKind[],
  removalPeriodDays: number,
  mailStatus: NewNoticeMailStatus,
): Promise<string[]> {
  const cutoff = now.getTime() - removalPeriodDays * DAY_MS;
  return insertedIds(
    db,
    sql`
    select 'inactivity'::notice_reason, ${tokens.userId}, ${tokens.id}, ${tokens.kind}, ${tokens.name}, ${tokens.hint},
      case when ${lastActivity} <= ${iso(new Date(cutoff + DAY_MS))} then 1 else 7 end, ${removalAt}, ${iso(now)},
      ${mailStatus}::notice_mail_status
    from ${tokens}
    where ${tokens.kind} in (${kindLiterals(kinds)}) and ${lastActivity} > ${iso(new Date(cutoff))}
      and ${lastActivity} <= ${iso(new Date(cutoff + 7 * DAY_MS))}
      and ${tokens.rotatedUntil} is null and (${tokens.expiresAt} is null or ${tokens.expiresAt} > ${iso(now)})`,
  );
}

async function insertedIds(db: Database, select: SQL): Promise<string[]> {
  const result = await db.execute(sql`
    insert into ${notices} (reason, user_id, token_id, token_kind, token_name, token_hint, threshold_days, due_at, created_at, mail_status)
    ${select}
    on conflict (token_id, reason, threshold_days) where token_id is not null do nothing
    returning id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/**
 * Whether an expiry or inactivity notice still tells the truth about its token: not rotated, and
 * the token's expiry or removal time is still the one it announced (a use moves the removal later,
 * a changed inactivity period moves it too). Needs `tokens` joined on the notice's token.
 */
const stillDue = sql`(${tokens.rotatedUntil} is null and case ${notices.reason}
  when 'expiry' then ${tokens.expiresAt} = ${notices.dueAt}
  when 'inactivity' then ${removalAt} = ${notices.dueAt}
  else false end)`;

/**
 * Deletes the expiry and inactivity notices that no longer hold (token rotated, used again, setting
 * changed, or the time passed), so a later run may warn again about the same token. Their token's
 * deletion (revocation, removal) already took them (on delete cascade).
 */
export async function deleteStaleNotices(db: Database, now: Date): Promise<number> {
  const result = await db.execute(sql`
    delete from ${notices} using ${tokens}
    where ${notices.tokenId} = ${tokens.id} and not (${stillDue} and ${notices.dueAt} > ${iso(now)})
    returning ${notices.id}`);
  return rowsOf(result).length;
}

/** Whose notices: one user's, or the admins' (instance-owned tokens). */
export type NoticeAudience = { userId: string } | { admins: true };

const ofAudience = (audience: NoticeAudience) =>
  "userId" in audience ? eq(notices.userId, audience.userId) : isNull(notices.userId);

/**
 * Live notices: not dismissed, a leak notice, or an expiry or inactivity notice that still holds
 * and whose token has no later (lower-threshold) notice of the same reason.
 */
function live(audience: NoticeAudience, now: Date): SQL | undefined {
  return and(
    ofAudience(audience),
    isNull(notices.dismissedAt),
    or(
      eq(notices.reason, "leak"),
      sql`(${stillDue} and ${notices.dueAt} > ${iso(now)} and not exists (
        select 1 from ${notices} as later where later.token_id = ${notices.tokenId}
          and later.reason = ${notices.reason} and later.threshold_days < ${notices.thresholdDays}))`,
    ),
  );
}

export async function listLiveNotices(db: Database, audience: NoticeAudience, now: Date) {
  return db
    .select({
      id: notices.id,
      reason: notices.reason,
      tokenId: notices.tokenId,
      tokenName: notices.tokenName,
      dueAt: notices.dueAt,
    })
    .from(notices)
    .leftJoin(tokens, eq(tokens.id, notices.tokenId))
    .where(live(audience, now))
    .orderBy(desc(notices.createdAt), desc(notices.id));
}

export type LiveNotice = Awaited<ReturnType<typeof listLiveNotices>>[number];

export async function countLiveNotices(db: Database, audience: NoticeAudience, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notices)
    .leftJoin(tokens, eq(tokens.id, notices.tokenId))
    .where(live(audience, now));
  return Number(row?.n ?? 0);
}

/** Marks a notice of that audience dismissed; false when there is none (another's, or dismissed already). */
export async function dismissNotice(db: Database, id: string, audience: NoticeAudience, now: Date): Promise<boolean> {
  const rows = await db
    .update(notices)
    .set({ dismissedAt: now })
    .where(and(eq(notices.id, id), ofAudience(audience), isNull(notices.dismissedAt)))
    .returning({ id: notices.id });
  return rows.length === 1;
}

export type NewLeakNotice = Pick<Notice, "userId" | "tokenKind" | "tokenName" | "tokenHint"> & {
  mailStatus: NewNoticeMailStatus;
};

export async function insertLeakNotices(db: Database, rows: NewLeakNotice[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insert(notices)
    .values(rows.map((r) => ({ ...r, reason: "leak" as const, createdAt: now })))
    .returning({ id: notices.id });
  return inserted.map((r) => r.id);
}

// ==== Mail ====

/** Up to `limit` notices waiting for their email, oldest first; only `ids` when given. */
export async function pendingMailNotices(db: Database, limit: number, ids?: string[]) {
  return db
    .select({ id: notices.id })
    .from(notices)
    .where(and(eq(notices.mailStatus, "pending"), ids ? inArray(notices.id, ids) : undefined))
    .orderBy(asc(notices.createdAt))
    .limit(limit);
}

/**
 * Takes a pending notice for sending (one more attempt): the condition is in the statement, so of two
 * senders racing only one gets it, and its email goes out at most once.
 */
export async function claimNoticeForMail(db: Database, id: string): Promise<Notice | undefined> {
  const [row] = await db
    .update(notices)
    .set({ mailStatus: "sending", mailAttempts: sql`${notices.mailAttempts} + 1` })
    .where(and(eq(notices.id, id), eq(notices.mailStatus, "pending")))
    .returning();
  return row;
}

export async function finishNoticeMail(
  db: Database,
  id: string,
  outcome: { status: "sent" | "failed" | "pending" | "unsent"; error?: string | null; at?: Date },
): Promise<void> {
  await db
    .update(notices)
    .set({
      mailStatus: outcome.status,
      mailError: outcome.error ?? null,
      ...(outcome.status === "sent" ? { mailedAt: outcome.at } : {}),
    })
    .where(eq(notices.id, id));
}

/** The addresses a notice's email goes to: its user's, or every admin's that has one. */
export async function noticeRecipients(db: Database, notice: Pick<Notice, "userId">): Promise<string[]> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(
      and(
        notice.userId ? eq(users.id, notice.userId) : eq(users.role, "admin"),
        isNotNull(users.email),
        sql`${users.email} <> ''`,
      ),
    )
    .orderBy(asc(users.login));
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}
