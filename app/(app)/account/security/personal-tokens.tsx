"use client";

import { GenerateTokenForm } from "@/components/generate-token-form";
import { PagedTable, type TablePaging } from "@/components/paged-table";
import type { TokenTypeOption } from "@/lib/tokens/kinds";
import { TokensTable } from "@/components/tokens-table";
import type { TokenRow } from "@/lib/tokens/rows";
import { generateToken, revokeToken, rotateOwnToken } from "./actions";

export function PersonalTokens({
  types,
  projects,
  lifetimes,
  rows,
  paging,
}: {
  types: TokenTypeOption[];
  projects: { key: string; name: string }[];
  lifetimes: string[];
  rows: TokenRow[];
  paging: TablePaging;
}) {
  return (
    <>
      <GenerateTokenForm action={generateToken} types={types} projects={projects} lifetimes={lifetimes} />
      <div className="mt-8">
        <PagedTable paging={paging} searchLabel="Search tokens" noun="tokens">
          <TokensTable
            rows={rows}
            onRotate={(row, input) => rotateOwnToken(null, { tokenId: row.id, ...input })}
            onRevoke={(row) => revokeToken(null, { tokenId: row.id })}
          />
        </PagedTable>
      </div>
    </>
  );
}
