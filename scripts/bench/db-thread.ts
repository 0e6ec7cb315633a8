/**
 * The HTTP bench's libSQL server in a thread of its own. In one thread with autocannon, every
 * database round trip waited behind the load generator's own work, which no production database
 * does (Turso runs elsewhere); the Worker's reads that touch the database looked slower than they
 * are next to the static asset, which touches none. Round trips are still counted at the server.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { startLibsqlServer } from "../../db/server/server.ts";

export interface DatabaseThread {
  url: string;
  roundTrips(): Promise<number>;
  close(): Promise<void>;
}

/** Serves `file` from a new thread until `close()`. */
export async function startDatabaseThread(file: string): Promise<DatabaseThread> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { file } });
  const ask = (question: "url" | "trips" | "close") =>
    new Promise<string | number>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("message", (answer: string | number) => {
        worker.off("error", reject);
        resolve(answer);
      });
      worker.postMessage(question);
    });
  const url = String(await ask("url"));
  return {
    url,
    roundTrips: async () => Number(await ask("trips")),
    async close() {
      await ask("close");
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const server = await startLibsqlServer({ path: (workerData as { file: string }).file });
  port.on("message", async (question: string) => {
    if (question === "url") port.postMessage(server.url);
    else if (question === "trips") port.postMessage(server.roundTrips());
    else if (question === "close") {
      await server.close();
      port.postMessage("closed");
    }
  });
}
