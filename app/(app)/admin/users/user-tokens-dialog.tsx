"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { GenerateTokenForm } from "@/components/generate-token-form";
import { PagedTable, type TablePaging } from "@/components/paged-table";
import { TokensTable } from "@/components/tokens-table";
import type { TokenRow } from "@/lib/tokens/rows";
import { generateTokenForUser, revokeTokenOfUser, rotateTokenOfUser } from "./actions";

/**
 * `Tokens of <name>`: generate a User token on the user's behalf (its reveal dialog opens over this
 * one), and rotate or revoke any of their tokens. Opened by the `tokens` query parameter; its search
 * and page are `tq` and `tp`.
 */
export function UserTokensDialog({
  user,
  rows,
  paging,
  lifetimes,
}: {
  user: { id: string; login: string; name: string };
  rows: TokenRow[];
  paging: TablePaging;
  lifetimes: string[];
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const close = () => {
    const next = new URLSearchParams(searchParams);
    for (const name of ["tokens", "tq", "tp"]) next.delete(name);
    const search = next.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };

  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : close())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 max-h-[calc(100vh-2rem)] w-[min(48rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl">
          <Dialog.Title className="text-lg font-semibold text-slate-900">Tokens of {user.name}</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">
            Tokens generated here belong to {user.login}: they act with that user&apos;s rights.
          </Dialog.Description>
          <Dialog.Close
            aria-label="Close"
            className="absolute right-4 top-4 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
          >
            ✕
          </Dialog.Close>
          <div className="mt-6">
            <GenerateTokenForm
              action={generateTokenForUser}
              lifetimes={lifetimes}
              hidden={{ userId: user.id }}
              title="Generate Tokens"
            />
          </div>
          <div className="mt-8">
            <PagedTable paging={paging} searchLabel="Search tokens" noun="tokens">
              <TokensTable
                rows={rows}
                columns={["lastUse"]}
                onRotate={(row, input) => rotateTokenOfUser(null, { userId: user.id, tokenId: row.id, ...input })}
                onRevoke={(row) => revokeTokenOfUser(null, { userId: user.id, tokenId: row.id })}
              />
            </PagedTable>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
