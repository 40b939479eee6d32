"use client";

import { signOut } from "next-auth/react";

export function LogOutButton() {
  return (
    <button
      type="button"
      onClick={async () => {
        await signOut({ redirect: false });
        window.location.assign("/login");
      }}
      className="whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-slate-200 hover:bg-slate-700 hover:text-white"
    >
      Log out
    </button>
  );
}
