import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/responses";
import { authOptions } from "@/lib/auth/options";
import { refuseMalformedAuthBody } from "@/lib/malformed-input";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth answers 500 to a body it cannot parse or a callbackUrl it cannot follow: those get a 400 first. */
async function POST(req: NextRequest, context: Context): Promise<Response> {
  const refused = refuseMalformedAuthBody(req.headers.get("content-type"), await req.clone().text());
  if (refused) return errorResponse(refused.status, refused.msg, refused.headers);
  return handler(req, context);
}

export { handler as GET, POST };
