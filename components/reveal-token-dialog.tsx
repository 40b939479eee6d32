"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "./confirm-dialog";
import { copyToClipboard } from "./copy-to-clipboard";
import { Button, inputClass } from "./ui";

/**
 * The one reveal-once dialog for every new secret. The value exists only in this component's
 * props: once closed it is gone. Until it has been copied, Escape and outside clicks are ignored,
 * closing asks first, and leaving the page asks the browser's confirmation.
 */
export function RevealTokenDialog({ token, onClose }: { token: string | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const open = token !== null;

  useEffect(() => {
    setCopied(false);
    setCopyFailed(false);
  }, [token]);

  useEffect(() => {
    if (!open || copied) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [open, copied]);

  const copy = async () => {
    const ok = await copyToClipboard(token ?? "", field.current);
    setCopied(ok || copied);
    setCopyFailed(!ok);
  };

  const requestClose = () => (copied ? onClose() : setConfirmingClose(true));
  const keepOpenUntilCopied = (event: Event) => {
    if (!copied) event.preventDefault();
  };

  return (
    <>
      <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : requestClose())}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-[60] bg-slate-900/50" />
          <Dialog.Content
            onEscapeKeyDown={keepOpenUntilCopied}
            onInteractOutside={keepOpenUntilCopied}
            className="fixed left-1/2 top-1/2 z-[70] w-[min(36rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl"
          >
            <Dialog.Title className="text-lg font-semibold text-slate-900">New token</Dialog.Title>
            <Dialog.Close
              aria-label="Close"
              className="absolute right-4 top-4 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            >
              ✕
            </Dialog.Close>
            <Dialog.Description className="mt-3 rounded-md bg-amber-50 p-3 text-sm font-medium text-amber-800 ring-1 ring-amber-200">
              Make sure you copy it now. You won&apos;t be able to see it again!
            </Dialog.Description>
            <div className="mt-4 flex flex-col gap-1">
              <label htmlFor="new-token-value" className="text-sm font-medium text-slate-700">
                Token value
              </label>
              <div className="flex gap-2">
                <input
                  id="new-token-value"
                  ref={field}
                  readOnly
                  value={token ?? ""}
                  onFocus={(e) => e.currentTarget.select()}
                  // A manual copy (the fallback when no clipboard is reachable) counts as copied.
                  onCopy={() => setCopied(true)}
                  className={`${inputClass} font-mono`}
                  spellCheck={false}
                  autoComplete="off"
                />
                <Button variant="secondary" onClick={copy}>
                  Copy
                </Button>
              </div>
              <p aria-live="polite" className="min-h-5 text-sm">
                {copied ? (
                  <span className="text-green-700">Copied to the clipboard.</span>
                ) : copyFailed ? (
                  <span className="text-red-600">
                    Could not copy automatically: select the value and copy it yourself.
                  </span>
                ) : null}
              </p>
            </div>
            <div className="mt-4 flex justify-end">
              <Button disabled={!copied} onClick={onClose}>
                Done
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <ConfirmDialog
        open={confirmingClose}
        onOpenChange={setConfirmingClose}
        title="Close without copying?"
        confirmLabel="Close anyway"
        onConfirm={() => {
          setConfirmingClose(false);
          onClose();
        }}
      >
        <p>The token has not been copied. Once this dialog closes, its value cannot be shown again.</p>
      </ConfirmDialog>
    </>
  );
}
