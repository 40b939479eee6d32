import Link from "next/link";
import type { User } from "@/db/schema";
import { LogOutButton } from "./log-out-button";

const linkClass =
  "whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-slate-200 hover:bg-slate-700 hover:text-white";

export function TopBar({
  user,
  noticeCount = 0,
}: {
  user: Pick<User, "name" | "login" | "role">;
  noticeCount?: number;
}) {
  return (
    <header className="bg-slate-800">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2">
        <Link href="/" className="mr-4 text-lg font-bold tracking-tight text-white">
          Tokensmith
        </Link>
        <Link href="/account/security" className={linkClass}>
          My account
          {noticeCount > 0 ? (
            <span className="ml-1.5 rounded-full bg-amber-400 px-1.5 py-0.5 text-xs font-bold text-slate-900">
              {noticeCount}
              <span className="sr-only"> {noticeCount === 1 ? "notice" : "notices"}</span>
            </span>
          ) : null}
        </Link>
        {user.role === "admin" ? (
          <>
            <Link href="/admin/users" className={linkClass}>
              Administration
            </Link>
            <Link href="/settings/tokens" className={linkClass}>
              Settings
            </Link>
          </>
        ) : null}
        <span className="ml-auto whitespace-nowrap text-sm text-slate-300" title={user.login}>
          {user.name}
        </span>
        <LogOutButton />
      </nav>
    </header>
  );
}
