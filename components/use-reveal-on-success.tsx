"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import { RevealTokenDialog } from "./reveal-token-dialog";

type CreateResult = ActionResult<{ token: string }>;

/**
 * The one way a form shows the secret it just created: pass the form's action state, render
 * `dialog` next to the `<form>`. Each successful result opens the `New token` dialog (over the
 * dialog holding the form, if any) until the user closes it; `onClose` then runs, e.g. to close
 * that dialog too.
 */
export function useRevealOnSuccess(state: CreateResult | null, onClose?: () => void) {
  // The result whose secret the user has closed: derived, so the secret lives only in the action state.
  const [closed, setClosed] = useState<CreateResult | null>(null);
  const token = state?.ok && state !== closed ? state.token : null;
  return {
    /** Whether the `New token` dialog is showing. */
    open: token !== null,
    dialog: (
      <RevealTokenDialog
        token={token}
        onClose={() => {
          setClosed(state);
          onClose?.();
        }}
      />
    ),
  };
}
