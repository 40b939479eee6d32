import type { NextAuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { clientIpOfNodeHeaders } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { verifyCredentials } from "./credentials";
import { endSession, isSessionLive, sessionClient, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";

/**
 * Thrown by the session callback for a cookie whose session ended: next-auth then answers
 * `/api/auth/session` with `{}` (no session) and clears the cookie, as for a cookie it cannot read.
 */
class SessionEnded extends Error {
  constructor() {
    super("The session has ended.");
    this.name = "SessionEnded";
  }
}

const isSessionEnded = (metadata: unknown) =>
  metadata instanceof SessionEnded ||
  (typeof metadata === "object" && metadata !== null && "name" in metadata && metadata.name === "SessionEnded");

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
    // What `/api/auth/session` answers the browser: never the session secret, and nothing once the
    // session row is gone (Log out elsewhere, the user deleted, 12 hours passed).
    session: async ({ session, token }) => {
      const live =
        typeof token.sub === "string" &&
        typeof token.sid === "string" &&
        (await isSessionLive(getDb(), { secret: token.sid, userId: token.sub, now: clock.now() }));
      if (!live) throw new SessionEnded();
      return { ...session, user: { id: token.sub } };
    },
  },
  logger: {
    // A cookie of an ended session is an everyday event, not an error worth a stack trace.
    error: (code, metadata) => {
      if (code === "JWT_SESSION_ERROR" && isSessionEnded(metadata)) return;
      console.error(`[next-auth][error][${code}]`, metadata instanceof Error ? metadata.message : metadata);
    },
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
