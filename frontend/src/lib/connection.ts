import { useSyncExternalStore } from "react";

// Whether the server answers: any request that gets no answer at all marks it offline, any answer
// (even a 404) marks it back. `epoch` counts the recoveries, so views that failed can retry.
interface Connection {
  online: boolean;
  epoch: number;
}

let state: Connection = { online: true, epoch: 0 };
const listeners = new Set<() => void>();

function set(online: boolean) {
  if (state.online === online) return;
  state = { online, epoch: online ? state.epoch + 1 : state.epoch };
  listeners.forEach((listener) => listener());
}

export const reportOffline = () => set(false);
export const reportOnline = () => set(true);
export const connection = () => state;

export function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const useConnection = () => useSyncExternalStore(subscribe, connection, connection);

/** No answer from the server (refused, reset, offline), as opposed to an error answer. */
export class NetworkError extends Error {
  readonly status = 0;
  constructor(cause?: unknown) {
    super("network error", { cause });
    this.name = "NetworkError";
  }
}

const CHUNK_FAILURE = /dynamically imported module|module script failed|Importing a module|error loading dynamically/i;

/** A view's code (a lazy chunk) that failed to download. */
export const isChunkError = (error: unknown) => error instanceof Error && CHUNK_FAILURE.test(error.message);

/** fetch that tells the connection store whether the server answered. */
export async function trackedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    const response = await fetch(input, init);
    reportOnline();
    return response;
  } catch (error) {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw error;
    reportOffline();
    throw new NetworkError(error);
  }
}
