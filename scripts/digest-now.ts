/**
 * `npm run digest:now`: runs this week's digest on the calendar started by `npm start`, as the
 * Monday cron would (wrangler dev's /__scheduled), then a few ordinary ticks to drain what is
 * left. Running it again in the same week sends nothing twice. Messages land in the local mail
 * catcher (http://localhost:1080). It reads the same PORT and MAIL_WEB_PORT as `npm start`.
 */
export {};

const base = `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const mailWeb = `http://localhost:${process.env.MAIL_WEB_PORT ?? 1080}`;

async function cron(expr: string): Promise<void> {
  const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent(expr)}`).catch(() => null);
  if (!res?.ok) {
    console.error(
      `The calendar does not answer at ${base}: start it with \`npm start\` first, and give digest:now the same PORT and MAIL_WEB_PORT you gave npm start.`,
    );
    process.exit(1);
  }
}

await cron("0 6 * * 1");
for (let i = 0; i < 3; i++) await cron("*/5 * * * *");
console.log(`This week's digest run is done; the messages are in the mail catcher: ${mailWeb}`);
console.log("Coordinators see the run's counts at /digests (sign in as coordinator@example.org).");
