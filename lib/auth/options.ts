import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { clientIpOfNodeHeaders } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";

export const authOptions: NextAuthOptions = {
  // The server script sets NEXTAUTH_SECRET from AUTH_SECRET or the data folder before Next starts.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Password",
      credentials: { login: { label: "Login", type: "text" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const login = credentials?.login?.trim() ?? "";
        const password = credentials?.password ?? "";
        if (!login || !password) return null;
        const clientIp = clientIpOfNodeHeaders(req.headers);
        try {
          const user = await verifyCredentials(getDb(), { login, password, clientIp, now: clock.now() });
          return user ? { id: user.id, name: user.name } : null;
        } catch (error) {
          // next-auth passes this message to the sign-in form.
          if (error instanceof AppError) throw new Error(error.message, { cause: error });
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Only the user id travels in the JWT; role and existence are read from the database on every request.
    jwt: ({ token, user }) => (user ? { sub: user.id } : { sub: token.sub }),
    session: ({ session, token }) => ({ ...session, user: { id: token.sub } }),
  },
};
