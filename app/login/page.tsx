import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const metadata = { title: "Log in - Tokensmith" };

export default async function LoginPage() {
  if (await currentUser()) redirect("/account/security");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-6 text-center text-2xl font-bold tracking-tight">Tokensmith</h1>
        <LoginForm />
      </div>
    </main>
  );
}
