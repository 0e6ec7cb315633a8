import { render } from "preact";
import { App } from "./app.tsx";
import { initLocale } from "./lib/i18n.ts";
import { keepFileLinksOutOfRouter } from "./lib/links.ts";
import { registerOffline } from "./lib/offline.ts";

// The texts are in place before the first paint, so nobody sees the page change language.
void initLocale().finally(() => render(<App />, document.getElementById("app")!));
registerOffline();
keepFileLinksOutOfRouter();
