"""The offline copy (mkdocs.offline.yml, Material's offline plugin) without instant navigation or iframe-worker.

Instant navigation fetches pages and the sitemap, which browsers refuse from file:// (Material's offline docs say to
turn it off); with it on, Material never announces the first page. mkdocs.yml leaves it off too (see its features),
but should it come back, this build still goes without: removing the one feature here keeps mkdocs.yml's list the
only list, since INHERIT replaces YAML lists instead of merging them.

The plugin also adds the iframe-worker shim from unpkg.com to every page, so that Material's search worker can run
from file://. The handbook's search (Pagefind, hooks/search.py) runs no worker: the shim is dropped, and the offline
copy makes no request outside itself. Hooks run after the plugins, so the shim is already in the list here.
"""


def on_config(config):
    if any(name.split("/")[-1] == "offline" for name in config.plugins):
        features = config.theme["features"]
        config.theme["features"] = [feature for feature in features if feature != "navigation.instant"]
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [script for script in polyfills if "iframe-worker" not in script]
    return config
