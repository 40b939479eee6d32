import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id?: string };
    /** Only in the session the page guards read (lib/auth/session.ts), never in what the browser gets. */
    sessionSecret?: string;
  }
  interface User {
    /** Set by sign-in: the secret of the session row it created. */
    sessionSecret?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The secret of the session row; only its hash is stored. */
    sid?: string;
  }
}
