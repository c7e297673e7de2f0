import createClient from "openapi-fetch";
import { trackedFetch } from "../lib/connection";
import type { components, paths } from "./schema";

// The typed client generated from the API's OpenAPI (frontend/openapi.json): same origin, so
// the dashboard talks only to the server that served it.
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  fetch: (request) => trackedFetch(request),
});

export type Schemas = components["schemas"];

/** An API error with the status and the API's own message ({error: {status, message}}). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The data of an openapi-fetch answer, or an ApiError carrying the API's message. */
export function unwrap<T>(answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  const body = answer.error as { error?: { message?: string } } | undefined;
  const message = body?.error?.message ?? `${answer.response.status} ${answer.response.statusText}`;
  throw new ApiError(answer.response.status, message);
}
