import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";

export interface SeededServer {
  origin: string;
  stop(): Promise<void>;
}

async function sparePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * A second server of the same build (`node scripts/start.mjs`, as `npm start` runs it) on its own
 * embedded database in `.e2e/<name>`, seeded first by `seedScript` (run with tsx, given the folder
 * and `seedArgs`): for data in amounts no spec should click together, apart from the shared server.
 */
export async function startSeededServer(name: string, seedScript: string, seedArgs: string[]): Promise<SeededServer> {
  const dir = path.join(process.cwd(), ".e2e", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const seeded = spawnSync("npx", ["tsx", seedScript, dir, ...seedArgs], { encoding: "utf8" });
  if (seeded.status !== 0) throw new Error(`Seeding failed:\n${seeded.stdout}${seeded.stderr}`);

  const port = await sparePort();
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, DATA_DIR: dir, PORT: String(port), TOKEN_SWEEP_INTERVAL_SECONDS: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The seeded server did not start:\n${output}`)), 120_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Tokensmith ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`The seeded server exited (${code}):\n${output}`));
    });
  });
  return {
    origin: `http://localhost:${port}`,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
