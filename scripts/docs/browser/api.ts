// Renders the page's OpenAPI document with Redoc's standalone bundle (loaded before this script).
declare const Redoc: {
  init(spec: unknown, options: object, element: HTMLElement | null, done?: () => void): void;
};

// Redoc 2.5 labels its menu items with the operation's summary alone while they show the HTTP
// method beside it, so the accessible name leaves out visible text (WCAG 2.1 SC 2.5.3, Label in
// Name; axe's label-content-name-mismatch). Dropping the label names each item by what it shows.
function nameMenuItemsByContent(root: ParentNode): void {
  for (const item of root.querySelectorAll('[role="menuitem"][aria-label]'))
    item.removeAttribute('aria-label');
}

const el = document.getElementById('redoc');
const spec = JSON.parse(document.getElementById('openapi')?.textContent ?? '{}') as unknown;
Redoc.init(spec, { hideDownloadButton: true, expandResponses: '200,201', nativeScrollbars: true }, el, () => {
  if (el) {
    nameMenuItemsByContent(el);
    // Items of collapsed groups are rendered when opened.
    new MutationObserver(() => nameMenuItemsByContent(el)).observe(el, { childList: true, subtree: true });
  }
  el?.setAttribute('data-ready', 'true');
});
