import type { ReactNode } from "react";
import { getDb } from "@/db/client";
import { countLiveNotices } from "@/db/queries/notices";
import { TopBar } from "@/components/top-bar";
import { requireUser } from "@/lib/auth/session";
import { clock } from "@/lib/clock";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const noticeCount = await countLiveNotices(getDb(), { userId: user.id }, clock.now());
  return (
    <>
      <TopBar user={user} noticeCount={noticeCount} />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
