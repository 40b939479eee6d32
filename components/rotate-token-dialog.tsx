"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action-result";
import { DEFAULT_OVERLAP_SECONDS, ROTATION_OVERLAP_OPTIONS } from "@/lib/tokens/rotation-policy";
import { FormDialog, FormDialogActions } from "./form-dialog";
import { FormError, SelectField } from "./ui";
import { useActionForm } from "./use-action-form";
import { useRevealOnSuccess } from "./use-reveal-on-success";

/** The server action rotating one row's token; `overlapSeconds` is the dialog's choice, as the form sends it. */
export type RotateAction<Row> = (
  row: Row,
  input: { overlapSeconds: string },
) => Promise<ActionResult<{ token: string }>>;

const OVERLAP_OPTIONS = ROTATION_OVERLAP_OPTIONS.map((o) => ({ value: String(o.seconds), label: o.label }));

/**
 * The one way a row's token is rotated (My Account, the admins' Tokens dialog, Settings > Tokens):
 * `ask(row)` opens `Rotate token`, render `dialog` next to the table. The successor then shows in
 * the shared `New token` dialog over it; closing that closes both.
 */
export function useRotateAction<Row extends { id: string; name: string }>(rotate: RotateAction<Row>) {
  const [target, setTarget] = useState<Row | null>(null);
  const close = () => setTarget(null);
  return {
    ask: (row: Row) => setTarget(() => row),
    dialog: (
      <FormDialog
        open={target !== null}
        onOpenChange={(open) => (open ? undefined : close())}
        title="Rotate token"
        description={
          target
            ? `${target.name} gets a successor with the same name, rights and lifetime, shown once. ` +
              "Clients using the old token keep working for the time you choose, then fail to authenticate."
            : undefined
        }
      >
        {/* Keyed by the row: each opening starts without the last result (or secret). */}
        {target ? <RotateTokenForm key={target.id} row={target} rotate={rotate} onDone={close} /> : null}
      </FormDialog>
    ),
  };
}

function RotateTokenForm<Row>({ row, rotate, onDone }: { row: Row; rotate: RotateAction<Row>; onDone: () => void }) {
  const { formProps, state, pending, errors, formError } = useActionForm(
    (_previous: unknown, input: { overlapSeconds: string } | FormData) =>
      rotate(row, input instanceof FormData ? { overlapSeconds: String(input.get("overlapSeconds")) } : input),
    { toInput: (data) => ({ overlapSeconds: String(data.get("overlapSeconds") ?? "") }) },
  );
  const reveal = useRevealOnSuccess(state, onDone);
  return (
    <>
      <form {...formProps} className="flex flex-col gap-4">
        <SelectField
          name="overlapSeconds"
          label="Keep the old token working for"
          error={errors.overlapSeconds}
          defaultValue={String(DEFAULT_OVERLAP_SECONDS)}
          options={OVERLAP_OPTIONS}
        />
        <FormError message={formError} />
        <FormDialogActions submitLabel="Rotate" disabled={pending || reveal.open} onCancel={onDone} />
      </form>
      {reveal.dialog}
    </>
  );
}
