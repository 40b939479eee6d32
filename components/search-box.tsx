import Form from "next/form";
import { inputClass } from "./ui";

/**
 * A table's search box: submitting puts its words in the URL (`name`) and goes back to the first
 * page; `keep` carries the page's other parameters (another table's page, an open dialog).
 */
export function SearchBox({
  action,
  label,
  name = "q",
  value,
  keep = {},
}: {
  /** The page's path: the search stays on it. */
  action: string;
  label: string;
  name?: string;
  value: string;
  keep?: Record<string, string>;
}) {
  return (
    <Form action={action} role="search" scroll={false} className="flex max-w-md gap-2">
      {Object.entries(keep)
        .filter(([, v]) => v !== "")
        .map(([key, v]) => (
          <input key={key} type="hidden" name={key} value={v} />
        ))}
      <input
        type="search"
        name={name}
        defaultValue={value}
        aria-label={label}
        placeholder={label}
        maxLength={255}
        className={inputClass}
      />
    </Form>
  );
}
