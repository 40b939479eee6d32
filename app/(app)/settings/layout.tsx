import type { ReactNode } from "react";
import { requireAdmin } from "@/lib/auth/session";

// Settings hold instance-wide tokens: admins only. Each page and action checks the role again.
export default async function SettingsLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return <div className="flex flex-col gap-6">{children}</div>;
}
