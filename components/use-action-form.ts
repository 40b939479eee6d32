"use client";

import {
  useActionState,
  useEffect,
  useEffectEvent,
  useRef,
  useTransition,
  type FormEvent,
  type RefObject,
} from "react";
import type { ActionResult } from "@/lib/auth/action-result";

/**
 * A server action as a form calls it. The input is the form's FormData, or what `toInput` builds
 * from it.
 */
export type FormAction<T extends object, I> = (
  previous: ActionResult<T> | null,
  input: FormData | I,
) => Promise<ActionResult<T>>;

export type ActionSuccess<T extends object> = { ok: true } & T;

export interface ActionFormOptions<T extends object, I> {
  /** Builds the action's input from the form, for inputs FormData cannot carry (several values of one name). */
  toInput?: (data: FormData) => I;
  /** Clears the form after each success, for forms that stay on the page. */
  resetOnSuccess?: boolean;
  /** Runs once per successful result. */
  onSuccess?: (result: ActionSuccess<T>) => void;
}

export interface ActionForm<T extends object> {
  /** Spread on the `<form>`: it submits through the action, without the browser's own validation. */
  formProps: {
    ref: RefObject<HTMLFormElement | null>;
    onSubmit: (event: FormEvent<HTMLFormElement>) => void;
    noValidate: true;
  };
  /** The last result; null before the first submit. */
  state: ActionResult<T> | null;
  pending: boolean;
  /** The last failure's message per field. */
  errors: Record<string, string>;
  /** The last failure's message when no field carries it (else it would be shown twice). */
  formError: string | undefined;
}

const NO_ERRORS: Record<string, string> = {};

/** The plumbing every client form shares: `useActionState`, pending state, field and form errors. */
export function useActionForm<T extends object, I = never>(
  action: FormAction<T, I>,
  { toInput, resetOnSuccess = false, onSuccess }: ActionFormOptions<T, I> = {},
): ActionForm<T> {
  const [state, dispatch] = useActionState(action, null);
  const [pending, startTransition] = useTransition();
  const ref = useRef<HTMLFormElement>(null);

  // An effect event, so that a caller's inline callback does not re-run it on every render.
  const succeeded = useEffectEvent((result: ActionSuccess<T>) => {
    if (resetOnSuccess) ref.current?.reset();
    onSuccess?.(result);
  });
  useEffect(() => {
    if (state?.ok) succeeded(state);
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = toInput ? toInput(data) : data;
    startTransition(() => dispatch(input));
  };

  const failed = state !== null && !state.ok ? state : null;
  return {
    formProps: { ref, onSubmit, noValidate: true },
    state,
    pending,
    errors: failed?.fieldErrors ?? NO_ERRORS,
    formError: failed && Object.keys(failed.fieldErrors).length === 0 ? failed.error : undefined,
  };
}
