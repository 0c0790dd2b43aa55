// Corridor Atlas service worker: keeps the app, the basemap and the API answers
// the page has seen, so that a page opened once keeps working with the network cut.
//
// The server serves this file at /sw.js with BUILD set to a hash of the app's
// build, PRECACHE to the reader's files and start-up requests, and
// FOR_PRESENTERS to what a presenter needs besides (the story page's build
// under /story/, the detailed world; see server/src/http/routes/service_worker.rs):
// a new build is a new version, whose cache replaces the old one when it activates.
const BUILD = 'dev';
const PRECACHE = [];
// Kept at install only when a story or the presenter's page is open: a
// reader's first visit on a phone downloads nothing it did not ask for.
const FOR_PRESENTERS = [];
const CACHE = `atlas-${BUILD}`;
// A static edition (`atlas export-site`) holds each API read as a file: the path plus `.json`.
const API_SUFFIX = '';
// Answers that depend on who is signed in are never kept.
const PRIVATE = ['/api/session', '/api/me', '/api/users'];
// Past this, a network that does not answer counts as gone when a kept copy exists.
const NETWORK_PATIENCE_MS = 4000;
// The story page (a build of its own): what a story's address shows offline.
const STORY_PAGE = '/story/index.html';
// The presenter's page (a build of its own), kept once a presenter opens it.
const PRESENT_PAGE = '/present/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(PRECACHE.map((path) => keep(cache, path)));
      if (await presenterAtWork()) await Promise.all(FOR_PRESENTERS.map((path) => keep(cache, path)));
      await keepListed(cache, `/api/reports${API_SUFFIX}`, (id) => `/api/reports/${encodeURIComponent(id)}${API_SUFFIX}`);
      await keepListed(cache, `/api/stories${API_SUFFIX}`, (id) => `/api/stories/${encodeURIComponent(id)}${API_SUFFIX}`);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('atlas-') && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

/** Whether `path` is the presenter's page. */
const presentPath = (path) => path === '/present' || path.startsWith('/present/');

/** Whether `path` is a story's or the presenter's page. */
const presenterPage = (path) => path.startsWith('/story/') || presentPath(path);

/** Whether a story or the presenter's page is open in a window of this site. */
async function presenterAtWork() {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  return windows.some((client) => presenterPage(new URL(client.url).pathname));
}

/** Whether `path` names one of Trunk's fingerprinted files, which never change under a name. */
const fingerprinted = (path) => /-[0-9a-f]{16}(\.|_bg\.)/.test(path);

/** Fetches `path` and keeps a good answer; a failure leaves the rest to be kept. */
async function keep(cache, path) {
  try {
    // The page's own download of an app file is reused; answers are revalidated.
    const response = await fetch(path, { cache: fingerprinted(path) ? 'default' : 'no-cache' });
    if (response.ok) await cache.put(path, response);
  } catch (_) {
    // Kept when the page asks for it next.
  }
}

/** Keeps every item of a list answer (an array, or the first array in an object) by its id. */
async function keepListed(cache, listPath, itemPath) {
  try {
    const response = await fetch(listPath, { cache: 'no-cache' });
    if (!response.ok) return;
    await cache.put(listPath, response.clone());
    const body = await response.json();
    const items = Array.isArray(body) ? body : Object.values(body).find(Array.isArray) ?? [];
    const ids = items.map((item) => item && item.id).filter((id) => typeof id === 'string');
    await Promise.all(ids.map((id) => keep(cache, itemPath(id))));
  } catch (_) {
    // A server without such a list keeps nothing for it.
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (PRIVATE.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`))) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
  } else if (fingerprinted(url.pathname)) {
    event.respondWith(keptFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});

/**
 * A page: the network's answer, else the kept page of its address (a story's
 * under /story/, the presenter's under /present, else the reader's). The
 * story page and the presenter's are kept when they are opened (and at
 * install, FOR_PRESENTERS, when one of them installs the worker).
 */
async function page(request) {
  const path = new URL(request.url).pathname;
  const present = presentPath(path);
  const story = path.startsWith('/story/');
  try {
    const response = await fetch(request);
    // An address under /story/ that is no story's gets the reader's page: only the story page is kept as it.
    const storyPage = story && response.ok && (await response.clone().text()).includes('/story/atlas-story-');
    if ((present || storyPage) && response.ok) {
      const cache = await caches.open(CACHE);
      await cache.put(present ? PRESENT_PAGE : STORY_PAGE, response.clone());
    }
    return response;
  } catch (error) {
    const cache = await caches.open(CACHE);
    const kept =
      (await cache.match(request, { ignoreVary: true })) ??
      (story ? await cache.match(STORY_PAGE) : undefined) ??
      (present ? await cache.match(PRESENT_PAGE) : undefined) ??
      (await cache.match('/index.html'));
    if (kept) return kept;
    throw error;
  }
}

/** A kept copy if there is one, else the network's answer, kept. */
async function keptFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** The network's answer, kept for later; the kept copy when the network fails or stalls. */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  const fromNetwork = (async () => {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  })();
  if (!kept) return fromNetwork;
  // Lost to the stall, its failure is no one's to hear.
  fromNetwork.catch(() => {});
  const stalled = new Promise((resolve) => setTimeout(() => resolve(kept), NETWORK_PATIENCE_MS));
  try {
    return await Promise.race([fromNetwork, stalled]);
  } catch (_) {
    return kept;
  }
}
