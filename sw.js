// The service worker's entry: it must sit at the site's root to control the page (a worker's scope
// cannot reach above its own folder without a Service-Worker-Allowed header, which
// `python3 -m http.server` does not send). The worker itself is js/service-worker.js, with the
// manifest's check, its downloads and its kept versions in the files before it (in this order).
importScripts("js/manifest_check.js", "js/sw_download.js", "js/sw_versions.js", "js/sw_bundle.js",
              "js/sw_listing.js", "js/service-worker.js");
