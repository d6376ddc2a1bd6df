// JSON over fetch for the pages: a non-2xx answer throws with the body's detail or message.
export async function fetchJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  const body = (text ? JSON.parse(text) : {}) as T & { detail?: string; message?: string; error?: string };
  if (!res.ok)
    throw new Error(`${res.status}: ${body.detail ?? body.message ?? body.error ?? res.statusText}`);
  return body;
}

export const when = (iso: string | number | undefined | null): string =>
  iso === undefined || iso === null ? '' : new Date(iso).toISOString().replace('T', ' ').slice(0, 23);
