/**
 * Copies text, with a fallback for pages served over plain HTTP (no Clipboard API outside secure
 * contexts): select the field's text and use the legacy copy command.
 */
export async function copyToClipboard(text: string, field: HTMLInputElement | null): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the legacy path
    }
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}
