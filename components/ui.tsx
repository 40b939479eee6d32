import type { ButtonHTMLAttributes, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-500 disabled:bg-indigo-300",
  secondary: "bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400",
  danger: "bg-red-600 text-white hover:bg-red-500 disabled:bg-red-300",
};

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...props}
      className={`inline-flex items-center justify-center rounded-md px-3 py-2 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
    />
  );
}

/** Header and body cells of every table. */
export const tableHeaderCell = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
export const tableCell = "px-3 py-3 text-sm text-slate-700";

/** Options whose values are their labels (lifetimes, expiries…). */
export const labelOptions = (labels: readonly string[]) => labels.map((label) => ({ value: label, label }));

export const inputClass =
  "block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500";

/** A labelled form field with its error message right below it. */
export function Field({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Props that tie a control to its label and error message. The id is the field's name unless the
 * same form appears twice on a page (then pass a distinct id).
 */
function controlProps(name: string, id: string | undefined, error: string | undefined) {
  const controlId = id ?? name;
  return {
    id: controlId,
    name,
    "aria-invalid": Boolean(error),
    "aria-describedby": error ? `${controlId}-error` : undefined,
    className: inputClass,
  };
}

export function TextField({
  name,
  id,
  label,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; error?: string }) {
  return (
    <Field id={id ?? name} label={label} error={error}>
      <input {...props} {...controlProps(name, id, error)} />
    </Field>
  );
}

export function SelectField({
  name,
  id,
  label,
  error,
  options,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & {
  name: string;
  label: string;
  error?: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <Field id={id ?? name} label={label} error={error}>
      <select {...props} {...controlProps(name, id, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={`${title}-heading`.replace(/\s+/g, "-")}
      className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id={`${title}-heading`.replace(/\s+/g, "-")} className="mb-4 text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A form's message when no field carries it (the form hook's `formError`); nothing without one. */
export function FormError({ message, className = "" }: { message: string | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`${className} text-sm text-red-600`.trim()}>
      {message}
    </p>
  );
}

/** The submit button of a one-row form, level with the inputs: a blank line stands where their labels are. */
export function InlineSubmitButton({ children, disabled }: { children: ReactNode; disabled?: boolean }) {
  return (
    <div className="flex flex-col gap-1">
      <span aria-hidden className="text-sm">
        &nbsp;
      </span>
      <Button type="submit" disabled={disabled}>
        {children}
      </Button>
    </div>
  );
}
