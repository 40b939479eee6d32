import type { Notice } from "@/db/schema";
import { formatDateTime } from "@/lib/dates";
import { TOKEN_KINDS } from "@/lib/tokens/kinds";
import { noticeSentence } from "./wording";

export interface NoticeMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** No line breaks or other control characters in a header or a line, whatever the token's name holds. */
const oneLine = (value: string) => value.replace(/\p{Cc}+/gu, " ");

/**
 * A notice's email: the token's name, kind and hint (its last 4 characters; never its value),
 * when it expires or will be removed, and a link to the page where it can be rotated.
 */
export function noticeMessage(
  notice: Pick<Notice, "reason" | "tokenName" | "tokenKind" | "tokenHint" | "dueAt" | "createdAt">,
  origin: string,
  now: Date,
): NoticeMessage {
  const rules = TOKEN_KINDS[notice.tokenKind];
  const sentence = oneLine(noticeSentence(notice, now));
  const link = `${origin}${rules.managedAt}`;
  const when: [string, string] =
    notice.reason === "expiry" && notice.dueAt
      ? ["Expires", formatDateTime(notice.dueAt)]
      : notice.reason === "inactivity" && notice.dueAt
        ? ["Will be removed", formatDateTime(notice.dueAt)]
        : ["Revoked", formatDateTime(notice.createdAt)];
  const facts: [string, string][] = [
    ["Token", oneLine(notice.tokenName)],
    ["Kind", rules.label],
    ["Ends with", notice.tokenHint],
    when,
  ];
  const advice =
    notice.reason === "leak"
      ? "It no longer works. Generate a new one and replace it wherever the old one was used:"
      : notice.reason === "inactivity"
        ? "Use it once to keep it, or rotate it:"
        : "Rotate it before then, so its clients keep working:";
  const text = [
    `${sentence}.`,
    "",
    ...facts.map(([label, value]) => `${label}: ${value}`),
    "",
    advice,
    link,
    "",
    "Tokensmith",
  ].join("\n");
  const html = [
    `<p>${escapeHtml(sentence)}.</p>`,
    `<table>${facts.map(([label, value]) => `<tr><th align="left">${label}</th><td>${escapeHtml(value)}</td></tr>`).join("")}</table>`,
    `<p>${escapeHtml(advice)} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    "<p>Tokensmith</p>",
  ].join("\n");
  return { subject: `Tokensmith: ${sentence}`, text, html };
}
