// The service worker's entry: it must sit at the site's root to control the page (a worker's scope
// cannot reach above its own folder without a Service-Worker-Allowed header, which
// `python3 -m http.server` does not send). The worker itself is js/service-worker.js.
importScripts("js/service-worker.js");
