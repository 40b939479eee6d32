import { z } from "zod";
import { AppError } from "@/lib/errors";

/** A required parameter: present and not blank (its value is kept as sent). */
export const requiredParam = z.string().refine((value) => value.trim() !== "", "must not be empty.");

/** JSON's insignificant whitespace: space, tab, line feed, carriage return. */
const isWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/** Request parameters from the query string and a form or JSON body, as SonarQube's Web API accepts them. */
export class ApiParams {
  constructor(private readonly values: Map<string, string>) {}

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  require(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value.trim() === "") {
      throw new AppError("bad_request", `The '${name}' parameter is missing.`, name);
    }
    return value;
  }

  /**
   * Validates the parameters named by an object schema's keys (the same schema the forms use), and
   * answers a 400 naming the first bad parameter.
   */
  parse<S extends z.ZodObject>(schema: S): z.output<S> {
    const input: Record<string, string> = {};
    for (const key of Object.keys(schema.shape)) {
      const value = this.values.get(key);
      if (value !== undefined) input[key] = value;
    }
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? "");
    if (field && input[field] === undefined)
      throw new AppError("bad_request", `The '${field}' parameter is missing.`, field);
    throw new AppError("bad_request", `The '${field}' parameter is invalid: ${issue?.message ?? "bad value"}`, field);
  }

  /** The query string's parameters only, leaving the body to the route. */
  static fromQuery(req: Request): ApiParams {
    return new ApiParams(new Map(new URL(req.url).searchParams));
  }

  static async from(req: Request): Promise<ApiParams> {
    const values = new Map<string, string>();
    // Postgres text cannot hold NUL: refuse it here as bad input rather than fail in the database.
    const put = (k: string, v: string) => {
      if (v.includes("\0")) throw new AppError("bad_request", `The '${k}' parameter must not contain NUL.`, k);
      values.set(k, v);
    };
    for (const [k, v] of new URL(req.url).searchParams) put(k, v);
    if (req.method === "GET" || req.method === "HEAD" || !req.body) return new ApiParams(values);
    const contentType = req.headers.get("content-type") ?? "";
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(await req.arrayBuffer());
    } catch {
      throw new AppError("bad_request", "The request body could not be read.");
    }
    // An empty (or whitespace-only) body carries no parameters, whatever its declared type:
    // SonarQube's own clients send a POST's parameters in the query string with
    // `Content-Type: application/json` and nothing after the headers.
    if (bytes.every(isWhitespace)) return new ApiParams(values);
    const received = new Response(bytes, { headers: { "content-type": contentType } });
    const type = contentType.toLowerCase();
    if (type.startsWith("application/json")) {
      let body: unknown;
      try {
        body = await received.json();
      } catch {
        throw new AppError("bad_request", "The request body is not valid JSON.");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new AppError("bad_request", "The request body must be a JSON object.");
      }
      for (const [k, v] of Object.entries(body)) {
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") put(k, String(v));
        else if (v !== null) throw new AppError("bad_request", `The '${k}' parameter must be a string.`, k);
      }
    } else if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      let form: FormData;
      try {
        form = await received.formData();
      } catch {
        throw new AppError("bad_request", "The request body is not a valid form.");
      }
      for (const [k, v] of form) {
        if (typeof v !== "string") throw new AppError("bad_request", `The '${k}' parameter must be text.`, k);
        put(k, v);
      }
    }
    return new ApiParams(values);
  }
}
