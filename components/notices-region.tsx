"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import type { NoticeItem } from "@/lib/notices/view";
import { Button } from "./ui";

/**
 * The `Notices` region above a tokens table: tokens expiring or due for inactivity removal soon,
 * and tokens revoked as leaked, each with `Dismiss`. Nothing at all when there are none.
 */
export function NoticesRegion({
  notices,
  audience,
  dismiss,
}: {
  notices: NoticeItem[];
  /** The user's own notices, or the instance's (admins). */
  audience: "mine" | "instance";
  /** The server action behind `Dismiss`. */
  dismiss: (previous: unknown, input: { noticeId: string; audience: "mine" | "instance" }) => Promise<ActionResult>;
}) {
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  if (notices.length === 0) return null;
  return (
    <section
      role="region"
      aria-labelledby={titleId}
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <h3 id={titleId} className="mb-2 font-semibold">
        Notices
      </h3>
      <ul className="flex flex-col gap-2">
        {notices.map((notice) => (
          <li key={notice.id} className="flex items-center justify-between gap-4">
            <span>{notice.text}</span>
            <Button
              variant="secondary"
              className="shrink-0 py-1"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await dismiss(null, { noticeId: notice.id, audience });
                  setError(result.ok ? null : result.error);
                })
              }
            >
              Dismiss
            </Button>
          </li>
        ))}
      </ul>
      {error ? (
        <p role="alert" className="mt-2 text-red-700">
          {error}
        </p>
      ) : null}
    </section>
  );
}

/** The `Expires soon` or `Inactive` badge of a token row with a live notice. */
export function TokenBadge({ badge }: { badge: string | null | undefined }) {
  if (!badge) return null;
  return (
    <span className="ml-2 inline-flex items-center rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-300">
      {badge}
    </span>
  );
}
