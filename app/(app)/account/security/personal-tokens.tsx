"use client";

import { GenerateTokenForm } from "@/components/generate-token-form";
import type { TokenTypeOption } from "@/lib/tokens/kinds";
import { TokensTable } from "@/components/tokens-table";
import type { TokenRow } from "@/lib/tokens/rows";
import { generateToken, revokeToken, rotateOwnToken } from "./actions";

export function PersonalTokens({
  types,
  projects,
  lifetimes,
  rows,
}: {
  types: TokenTypeOption[];
  projects: { key: string; name: string }[];
  lifetimes: string[];
  rows: TokenRow[];
}) {
  return (
    <>
      <GenerateTokenForm action={generateToken} types={types} projects={projects} lifetimes={lifetimes} />
      <div className="mt-8">
        <TokensTable
          rows={rows}
          onRotate={(row, input) => rotateOwnToken(null, { tokenId: row.id, ...input })}
          onRevoke={(row) => revokeToken(null, { tokenId: row.id })}
        />
      </div>
    </>
  );
}
