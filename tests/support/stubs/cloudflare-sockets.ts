// Only for listing the app's routes in Node (tests/auth/policy.test.ts); sockets run in workerd.
export function connect(): never {
  throw new Error("cloudflare:sockets is only available in the Workers runtime");
}
