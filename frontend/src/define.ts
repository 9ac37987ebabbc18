/**
 * Define a custom element once Home Assistant's app can see it.
 *
 * The integration loads this bundle as an extra module, which may run before Home
 * Assistant's app. The app installs a scoped custom element registry polyfill when it
 * loads, and the dashboard looks cards up in that registry: an element defined on the
 * native registry before then is never found ("Custom element doesn't exist"). So while
 * the page's `<home-assistant>` element is not yet defined, wait for it.
 */
export function defineWhenAppReady(name: string, element: CustomElementConstructor): void {
  const define = () => {
    if (!window.customElements.get(name)) {
      window.customElements.define(name, element);
    }
  };
  if (
    document.querySelector("home-assistant") &&
    !window.customElements.get("home-assistant")
  ) {
    void window.customElements.whenDefined("home-assistant").then(define);
  } else {
    define();
  }
}
