import type { Plugin } from "vite";

/** Imports `.sql` files as text, as wrangler's Text rule bundles the migrations into the Worker. */
export function sqlAsText(): Plugin {
  return {
    name: "sql-as-text",
    transform(code, id) {
      return id.endsWith(".sql") ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
    },
  };
}
