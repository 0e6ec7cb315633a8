// SQL migrations are bundled into the Worker as text modules (see [[rules]] in wrangler.toml).
declare module "*.sql" {
  const text: string;
  export default text;
}
