"""The offline copy (mkdocs.offline.yml, Material's offline plugin) without instant navigation.

Instant navigation fetches pages and the sitemap, which browsers refuse from file:// (Material's offline docs say to
turn it off); with it on, Material never announces the first page. Removing the one feature here keeps mkdocs.yml's
list the only list: INHERIT replaces YAML lists instead of merging them.
"""


def on_config(config):
    if any(name.split("/")[-1] == "offline" for name in config.plugins):
        features = config.theme["features"]
        config.theme["features"] = [feature for feature in features if feature != "navigation.instant"]
    return config
