import type { NextAuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { clientIpOfNodeHeaders } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";
import { endSession, sessionClient, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";

export const authOptions: NextAuthOptions = {
  // The server script sets NEXTAUTH_SECRET from AUTH_SECRET or the data folder before Next starts.
  // The JWT names a session row (lib/auth/sessions.ts): deleting the row ends the session at once.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
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
          const db = getDb();
          const now = clock.now();
          const user = await verifyCredentials(db, { login, password, clientIp, now });
          if (!user) return null;
          const client = sessionClient(clientIp, [req.headers?.["user-agent"]].flat()[0]);
          const sessionSecret = await startSession(db, { userId: user.id, client, now });
          return { id: user.id, name: user.name, sessionSecret };
        } catch (error) {
          // next-auth passes this message to the sign-in form.
          if (error instanceof AppError) throw new Error(error.message, { cause: error });
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    // Only the user id and the session secret travel in the JWT; the session row, the user's role and
    // existence are read from the database on every request.
    jwt: ({ token, user }) => (user ? { sub: user.id, sid: user.sessionSecret } : { sub: token.sub, sid: token.sid }),
    // What `/api/auth/session` answers the browser: never the session secret.
    session: ({ session, token }) => ({ ...session, user: { id: token.sub } }),
  },
  events: {
    // Log out (next-auth's sign-out route) deletes the row, so a copied cookie stops working too.
    signOut: async ({ token }) => {
      if (typeof token?.sid === "string") await endSession(getDb(), token.sid);
    },
  },
};

/**
 * The same configuration for the page guards and actions, whose session also carries the secret
 * (read on the server only) to find the session row.
 */
export const guardAuthOptions: NextAuthOptions = {
  ...authOptions,
  callbacks: {
    ...authOptions.callbacks,
    session: ({ session, token }): Session => ({ ...session, user: { id: token.sub }, sessionSecret: token.sid }),
  },
};
