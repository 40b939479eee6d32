/** What every form action returns to `useActionState` (shared by server actions and client forms). */
export type ActionResult<T = object> =
  ({ ok: true } & T) | { ok: false; error: string; fieldErrors: Record<string, string> };

export const failure = (error: string, fieldErrors: Record<string, string> = {}): ActionResult<never> => ({
  ok: false,
  error,
  fieldErrors,
});
