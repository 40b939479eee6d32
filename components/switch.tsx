"use client";

import { useOptimistic, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import { actionError } from "./action-error";

/**
 * An on/off switch (role `switch`) that saves itself: `onChange` runs the server action and returns
 * its result. The switch shows the new state at once and falls back, with the error, if the action
 * fails.
 */
export function Switch({
  label,
  checked,
  onChange,
  disabled = false,
  caption,
  title,
}: {
  /** The accessible name. */
  label: string;
  /** Visible text when it differs from the accessible name (e.g. without the row's login). */
  caption?: string;
  checked: boolean;
  onChange: (next: boolean) => Promise<ActionResult>;
  disabled?: boolean;
  title?: string;
}) {
  const [shown, setShown] = useOptimistic(checked);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const toggle = () =>
    startTransition(async () => {
      const next = !shown;
      setShown(next);
      setError(actionError(await onChange(next)));
    });
  return (
    <div className="flex flex-col gap-1">
      <label className="inline-flex cursor-pointer items-center gap-3 text-sm text-slate-800" title={title}>
        <button
          type="button"
          role="switch"
          aria-checked={shown}
          aria-label={caption ? label : undefined}
          disabled={disabled || pending}
          onClick={toggle}
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 ${
            shown ? "bg-indigo-600" : "bg-slate-300"
          }`}
        >
          <span
            aria-hidden
            className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
              shown ? "translate-x-5" : "translate-x-0.5"
            }`}
          />
        </button>
        <span className={caption ? "text-xs text-slate-500" : undefined}>{caption ?? label}</span>
      </label>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
