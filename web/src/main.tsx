import { render } from "preact";
import { App } from "./app.tsx";
import { initLocale } from "./lib/i18n.ts";

initLocale();
render(<App />, document.getElementById("app")!);
