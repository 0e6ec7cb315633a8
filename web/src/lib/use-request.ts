import { useEffect, useState } from "preact/hooks";

export type RequestState<T> = { status: "loading" } | { status: "error"; error: unknown } | { status: "done"; data: T };

/**
 * Runs `load` whenever `key` changes, cancelling the previous request; `retry` runs it again.
 * `initial`, when given, is the first state (data embedded in the server-rendered page).
 */
export function useRequest<T>(key: string, load: (signal: AbortSignal) => Promise<T>, initial?: T): [RequestState<T>, () => void] {
  const [state, setState] = useState<RequestState<T>>(initial === undefined ? { status: "loading" } : { status: "done", data: initial });
  const [attempt, setAttempt] = useState(0);
  const [skipFirst] = useState(() => ({ skip: initial !== undefined }));
  useEffect(() => {
    // Data the server rendered into the page needs no second request.
    if (skipFirst.skip) {
      skipFirst.skip = false;
      return;
    }
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (data) => setState({ status: "done", data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: "error", error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);
  return [state, () => setAttempt((n) => n + 1)];
}
