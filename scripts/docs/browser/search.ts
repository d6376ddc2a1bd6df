// Search across events, fields, partners and operations: the index is a script the site ships
// (assets/search-index.js), so search works from a file:// folder too.
interface Entry {
  kind: string;
  title: string;
  text: string;
  href: string;
}

declare global {
  interface Window {
    PORTICO_SEARCH?: Entry[];
  }
}

function rank(e: Entry, q: string): number {
  const t = e.title.toLowerCase();
  if (t === q || t.endsWith(`.${q}`)) return 0;
  if (t.includes(q)) return 1;
  return e.text.toLowerCase().includes(q) ? 2 : -1;
}

function start(): void {
  const input = document.getElementById('search-input') as HTMLInputElement | null;
  const list = document.getElementById('search-results');
  if (!input || !list) return;
  const entries = window.PORTICO_SEARCH ?? [];
  input.addEventListener('input', () => {
    const q = input.value.trim().toLowerCase();
    list.replaceChildren();
    if (q.length < 2) return;
    const hits = entries
      .map((e) => [rank(e, q), e] as const)
      .filter(([r]) => r >= 0)
      .sort((a, b) => a[0] - b[0])
      .slice(0, 20);
    for (const [, e] of hits) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = e.href;
      a.textContent = e.title;
      const kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = ` ${e.kind}`;
      li.append(a, kind);
      list.append(li);
    }
    if (hits.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'Nothing found.';
      list.append(li);
    }
  });
}

start();

export {};
