import { useEffect, useState } from "preact/hooks";

export type RequestState<T> = { status: "loading" } | { status: "error"; error: unknown } | { status: "done"; data: T };

/** Runs `load` whenever `key` changes, cancelling the previous request; `retry` runs it again. */
export function useRequest<T>(key: string, load: (signal: AbortSignal) => Promise<T>): [RequestState<T>, () => void] {
  const [state, setState] = useState<RequestState<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
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
