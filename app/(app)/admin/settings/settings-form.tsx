"use client";

import { Button, labelOptions, SelectField } from "@/components/ui";
import { useActionForm } from "@/components/use-action-form";
import { saveTokenSettings } from "./actions";

export function SettingsForm({
  lifetimes,
  inactivities,
  maxTokenLifetime,
  inactiveTokenRemoval,
}: {
  lifetimes: string[];
  inactivities: string[];
  maxTokenLifetime: string;
  inactiveTokenRemoval: string;
}) {
  const { formProps, state, pending, errors, formError } = useActionForm(saveTokenSettings);
  return (
    <form {...formProps} className="flex max-w-xl flex-col gap-5">
      <div className="flex flex-col gap-1">
        <SelectField
          name="maxTokenLifetime"
          label="Maximum allowed lifetime for token"
          error={errors.maxTokenLifetime}
          defaultValue={maxTokenLifetime}
          options={labelOptions(lifetimes)}
        />
        <p className="text-sm text-slate-500">Tokens generated from now on expire at the latest after this time.</p>
        <p className="mt-1 rounded-md bg-sky-50 p-3 text-sm text-sky-800 ring-1 ring-sky-200">
          Updating this setting does not affect existing tokens.
        </p>
      </div>
      <div className="flex flex-col gap-1">
        <SelectField
          name="inactiveTokenRemoval"
          label="Remove tokens inactive for"
          error={errors.inactiveTokenRemoval}
          defaultValue={inactiveTokenRemoval}
          options={labelOptions(inactivities)}
        />
        <p className="text-sm text-slate-500">
          Personal and analysis tokens not used for this long (counted from their last use, or their creation) stop
          working at once and are then deleted.
        </p>
      </div>
      <div className="flex items-center gap-4">
        <Button type="submit" disabled={pending}>
          Save
        </Button>
        <p aria-live="polite" className="text-sm">
          {state?.ok ? <span className="text-green-700">Settings saved.</span> : null}
          {/* A span, not FormError's <p>: it sits inside this live paragraph. */}
          {formError ? (
            <span role="alert" className="text-red-600">
              {formError}
            </span>
          ) : null}
        </p>
      </div>
    </form>
  );
}
