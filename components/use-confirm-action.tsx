"use client";

import { useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import { actionError } from "./action-error";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * The one way a row asks before an irreversible server action on it (delete a user, revoke a
 * token…): `ask(row)` opens the confirmation, render `dialog` next to the table. Confirming runs
 * `run` and keeps the dialog open with its error, if any.
 */
export function useConfirmAction<Row>({
  title,
  confirmLabel,
  run,
  describe,
}: {
  title: string;
  /** The confirm button; by default the title's verb (`Delete user` → `Delete`), as every confirmation here words it. */
  confirmLabel?: string;
  run: (row: Row) => Promise<ActionResult>;
  /** The question: which row, and what stops working. */
  describe: (row: Row) => ReactNode;
}) {
  const [target, setTarget] = useState<Row | null>(null);
  return {
    ask: (row: Row) => setTarget(() => row),
    dialog: (
      <ConfirmDialog
        open={target !== null}
        onOpenChange={(open) => (open ? undefined : setTarget(null))}
        title={title}
        confirmLabel={confirmLabel ?? title.split(" ")[0] ?? title}
        irreversible
        onConfirm={async () => (target === null ? undefined : actionError(await run(target)))}
      >
        {target === null ? null : describe(target)}
      </ConfirmDialog>
    ),
  };
}
