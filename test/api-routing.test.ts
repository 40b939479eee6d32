import { describe, expect, it } from "vitest";
import { GET as unknownGet, POST as unknownPost } from "@/app/api/[...path]/route";
import { POST as validatePost } from "@/app/api/authentication/validate/route";
import { GET as generateGet } from "@/app/api/user_tokens/generate/route";
import { GET as revokeGet } from "@/app/api/user_tokens/revoke/route";
import { POST as searchPost } from "@/app/api/user_tokens/search/route";

// These answers involve no database: wrong methods and unknown paths still get the one error shape.
describe("Web API routing errors", () => {
  it("answers a wrong method with 405, Allow and the error shape", async () => {
    for (const [handler, allowed] of [
      [generateGet, "POST"],
      [revokeGet, "POST"],
      [searchPost, "GET"],
      [validatePost, "GET"],
    ] as const) {
      const res = await handler();
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allowed);
      expect(await res.json()).toEqual({ errors: [{ msg: `This endpoint accepts ${allowed} only.` }] });
    }
  });

  it("answers an unknown path with a JSON 404", async () => {
    for (const handler of [unknownGet, unknownPost]) {
      const res = await handler(new Request("http://localhost/api/no/such/thing"));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [{ msg: "Unknown URL: /api/no/such/thing" }] });
    }
  });
});
