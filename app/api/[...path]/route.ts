import { errorResponse } from "@/lib/api/responses";

/** Unknown Web API paths answer in the API's error shape rather than with an HTML page. */
async function notFound(req: Request): Promise<Response> {
  return errorResponse(404, `Unknown URL: ${new URL(req.url).pathname.slice(0, 200)}`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
