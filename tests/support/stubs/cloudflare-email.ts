// Only for listing the app's routes in Node (tests/auth/policy.test.ts); mail is sent in workerd.
export class EmailMessage {
  constructor() {
    throw new Error("cloudflare:email is only available in the Workers runtime");
  }
}
