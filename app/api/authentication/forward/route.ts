import { clientIpOf } from "@/lib/client-ip";
import { clock } from "@/lib/clock";
import { answerForwardAuth } from "@/lib/forward-auth/answer";

/**
 * The forward-auth endpoint through Next.js. The custom server answers it before Next (see
 * lib/forward-auth/handle.ts); this route gives the same answers, from the same core, to anything
 * that reaches Next directly.
 */
async function forwardAuth(req: Request): Promise<Response> {
  const answer = await answerForwardAuth(
    {
      authorization: req.headers.get("authorization"),
      query: new URL(req.url).search.slice(1),
      clientIp: clientIpOf(req.headers),
      userAgent: req.headers.get("user-agent"),
    },
    clock.now(),
  );
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

export {
  forwardAuth as GET,
  forwardAuth as HEAD,
  forwardAuth as POST,
  forwardAuth as PUT,
  forwardAuth as PATCH,
  forwardAuth as DELETE,
  forwardAuth as OPTIONS,
};
