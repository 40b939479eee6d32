import Link from "next/link";

export const metadata = { title: "Forbidden - Tokensmith" };

export default function Forbidden() {
  return (
    <main className="mx-auto flex max-w-xl flex-col items-start gap-4 px-4 py-16">
      <p className="text-sm font-semibold text-indigo-600">403</p>
      <h1 className="text-2xl font-bold tracking-tight text-slate-900">Insufficient privileges</h1>
      <p className="text-slate-600">You are not allowed to see this page. Only administrators may open it.</p>
      <Link href="/account/security" className="text-sm font-semibold text-indigo-600 hover:text-indigo-500">
        Back to My account
      </Link>
    </main>
  );
}
