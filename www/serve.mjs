// A static server for www/dist on 127.0.0.1: `node www/serve.mjs [--port N] [--base /path/] [dir]`.
// Port 0 takes a free port. Prints the page's URL; used by `make demo` and the browser tests.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Serves `dir` under `base` on 127.0.0.1:`port`; resolves to the server and the page's URL. */
export function serve(dir, { port = 0, base = "/" } = {}) {
  const root = resolve(dir);
  const prefix = base.endsWith("/") ? base : `${base}/`;
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
    if (`${path}/` === prefix) {
      response.writeHead(301, { location: prefix }).end();
      return;
    }
    const file = path.startsWith(prefix) ? normalize(join(root, path.slice(prefix.length))) : null;
    const target = file && existsSync(file) && statSync(file).isDirectory() ? join(file, "index.html") : file;
    if (!target || !(target === root || target.startsWith(root + sep)) || !existsSync(target)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(target)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    createReadStream(target).pipe(response);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => done({ server, url: `http://127.0.0.1:${server.address().port}${prefix}` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at < 0 ? fallback : args.splice(at, 2)[1];
  };
  const port = Number(option("--port", "8080"));
  const base = option("--base", "/");
  const dir = args[0] ?? join(fileURLToPath(new URL(".", import.meta.url)), "dist");
  if (!existsSync(join(dir, "index.html"))) {
    console.error(`${dir} has no index.html: run \`make www\``);
    process.exit(1);
  }
  try {
    const { url } = await serve(dir, { port, base });
    console.log(`crm-canon record preview: ${url}  (Ctrl-C stops)`);
  } catch (error) {
    if (error.code !== "EADDRINUSE") throw error;
    console.error(`port ${port} is in use: pass another (make demo WWW_PORT=8081, or --port 0 for any free port)`);
    process.exit(1);
  }
}
