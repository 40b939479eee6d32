import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin-nav";
import { requireAdmin } from "@/lib/auth/session";

// Each page and each action checks the role again itself; this only keeps the frame from non-admins.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdmin();
  return (
    <div className="flex flex-col gap-6">
      <AdminNav />
      {children}
    </div>
  );
}
