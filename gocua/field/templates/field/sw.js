{% autoescape off %}/* Gõ Cửa field app's service worker (scope /field/): the shell and its files offline.
   Workbox is vendored (static/field/vendor/workbox), never loaded from a CDN. */
"use strict";
importScripts("{{ workbox }}");
workbox.setConfig({ modulePathPrefix: "{{ workbox_prefix }}", debug: false });

const VERSION = "{{ version }}";
const SHELL = "gocua-field-" + VERSION;
const PRECACHE = {{ precache }};
const STATIC_PREFIX = "{{ static_prefix }}";
const APP = PRECACHE[0];

// Loaded now: workbox-sw fetches its modules on first use, which must happen at start-up.
const { registerRoute } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith("gocua-field-") && n !== SHELL).map((n) => caches.delete(n)),
      ))
      .then(() => self.clients.claim()),
  );
});

// The page: fresh when the network answers within a few seconds, else the kept copy.
registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.pathname === APP,
  new NetworkFirst({ cacheName: SHELL, networkTimeoutSeconds: 4, matchOptions: { ignoreSearch: true } }),
);
// Styles, scripts, icons: the kept copy at once, refreshed behind.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(STATIC_PREFIX),
  new StaleWhileRevalidate({ cacheName: SHELL }),
);
// Everything else (the API, login) goes to the network untouched: field.js keeps the data.
{% endautoescape %}
