// Renders the page's OpenAPI document with Redoc's standalone bundle (loaded before this script).
declare const Redoc: {
  init(spec: unknown, options: object, element: HTMLElement | null, done?: () => void): void;
};

const el = document.getElementById('redoc');
const spec = JSON.parse(document.getElementById('openapi')?.textContent ?? '{}') as unknown;
Redoc.init(spec, { hideDownloadButton: true, expandResponses: '200,201', nativeScrollbars: true }, el, () => {
  el?.setAttribute('data-ready', 'true');
});
