import { afterEach, describe, expect, it } from "vitest";

import { defineWhenAppReady } from "../src/define";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("defineWhenAppReady", () => {
  it("defines at once outside Home Assistant's app", () => {
    defineWhenAppReady("x-at-once", class extends HTMLElement {});
    expect(customElements.get("x-at-once")).toBeDefined();
  });

  it("waits for the app's <home-assistant> element before defining", async () => {
    document.body.appendChild(document.createElement("home-assistant"));
    defineWhenAppReady("x-after-app", class extends HTMLElement {});
    expect(customElements.get("x-after-app")).toBeUndefined();

    customElements.define("home-assistant", class extends HTMLElement {});
    await customElements.whenDefined("home-assistant");
    await Promise.resolve();
    expect(customElements.get("x-after-app")).toBeDefined();
  });
});
