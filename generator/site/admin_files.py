"""The form editor at ``/admin/``: its page, its generated configuration and Decap CMS itself.

Decap CMS is a single JavaScript application that edits the offer files in the GitHub
repository through pull requests. It is served from the site like every other file (no CDN: the
site makes no third-party requests, ``/admin/`` included), from the npm package installed by
``npm ci --prefix admin`` (``admin/package.json`` pins it). Its ``config.yml`` comes from
``generator.admin_config``, i.e. from the schemas; the settings that say where to save come from
``mkdocs.yml``::

    extra:
      admin:
        repo: owner/name      # GitHub repository of the catalogue (required)
        branch: main          # branch that pull requests go to (default main)
        oauth_proxy: https://…  # the OAuth proxy that signs in to GitHub (docs/betrieb.md)
        local_backend: false  # true: edit the local checkout through decap-server (never publish this)
        bundle: admin/node_modules/decap-cms/dist   # where npm put Decap (default shown)

Without ``extra.admin`` the site has no form editor (a catalogue built elsewhere, e.g. from the
wheel, needs no npm).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from generator.admin_config import AdminSettings, config_yaml, form_config

ADMIN_DIR = "admin"
DEFAULT_BUNDLE = "admin/node_modules/decap-cms/dist"
# Decap's main script, the chunks it loads on demand and its WebAssembly parts; no source maps.
BUNDLE_MAIN = "decap-cms.js"
BUNDLE_GLOBS = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
INSTALL_HINT = "npm ci --prefix admin"
# The install next to this package when it runs from a checkout of the project (not from a wheel).
CHECKOUT_BUNDLE = Path(__file__).resolve().parents[2] / DEFAULT_BUNDLE

# Runs before every save. Decap keeps what a form leaves behind when a field is opened and left
# empty (an empty text, an unset number, a group or list with nothing in it); the schema refuses
# all of these (minLength 1, minItems 1, required sub-fields) and in an offer a missing field
# means "not stated". Dropping them keeps a saved file exactly what the person filled in.
PRUNE_SCRIPT = """\
function iqIsEmpty(value) {
  return value === null || value === undefined || value === "" ||
    (typeof value === "object" && typeof value.size === "number" && value.size === 0);
}
function iqPrune(value) {
  if (value && typeof value === "object" && typeof value.filter === "function" && typeof value.map === "function") {
    return value.map(iqPrune).filter(function (item) { return !iqIsEmpty(item); });
  }
  return value;
}
CMS.registerEventListener({
  name: "preSave",
  handler: function (event) { return iqPrune(event.entry.get("data")); }
});
"""

PAGE = """\
<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Angebote bearbeiten – {site_name}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<noscript>Das Formular zum Bearbeiten der Angebote braucht JavaScript.</noscript>
<script src="{main}"></script>
<script>
{prune}</script>
</body>
</html>
"""


class AdminSetupError(Exception):
    """``extra.admin`` is unusable or Decap is not installed; the message is German."""


def admin_settings(options: Any, site_url: str) -> AdminSettings:
    """``extra.admin`` of mkdocs.yml, checked."""
    if not isinstance(options, dict):
        raise AdminSetupError("mkdocs.yml: extra.admin muss eine Liste von Einstellungen sein (repo, branch).")
    repo = options.get("repo")
    if not isinstance(repo, str) or repo.count("/") != 1 or not all(repo.split("/")):
        raise AdminSetupError(
            "mkdocs.yml: extra.admin.repo fehlt oder ist ungültig; erwartet wird Besitzer/Name "
            "des GitHub-Repositorys, z. B. iq-netzwerk/iq-angebote."
        )
    branch = options.get("branch", "main")
    if not isinstance(branch, str) or not branch.strip():
        raise AdminSetupError("mkdocs.yml: extra.admin.branch muss der Name eines Branches sein, z. B. main.")
    local = options.get("local_backend")
    if local is not None and not isinstance(local, bool | str):
        raise AdminSetupError("mkdocs.yml: extra.admin.local_backend muss true, false oder eine Adresse sein.")
    proxy = options.get("oauth_proxy", "")
    if not isinstance(proxy, str) or (proxy and not proxy.startswith("https://")):
        raise AdminSetupError("mkdocs.yml: extra.admin.oauth_proxy muss eine Adresse mit https:// sein.")
    return AdminSettings(
        repo=repo, branch=branch, site_url=site_url, local_backend=local or None, oauth_proxy=proxy.rstrip("/")
    )


def bundle_files(bundle: Path) -> dict[str, bytes]:
    """Decap's files from the npm install, keyed by their name under ``admin/``."""
    if not (bundle / BUNDLE_MAIN).is_file():
        raise AdminSetupError(
            f"Decap CMS fehlt ({bundle / BUNDLE_MAIN}); bitte einmal „{INSTALL_HINT}“ ausführen "
            "(das Formular unter /admin/ wird von der Website selbst ausgeliefert)."
        )
    found = sorted({path for pattern in BUNDLE_GLOBS for path in bundle.glob(pattern) if path.is_file()})
    return {path.name: path.read_bytes() for path in found}


def admin_page(site_name: str) -> str:
    """``admin/index.html``: loads Decap and its configuration, all from the site itself."""
    return PAGE.format(site_name=html.escape(site_name), main=BUNDLE_MAIN, prune=PRUNE_SCRIPT)


def admin_files(options: Any, root: Path, site_url: str, site_name: str) -> dict[str, bytes]:
    """Every file of ``/admin/`` (paths relative to the docs folder) for ``extra.admin`` = ``options``."""
    settings = admin_settings(options, site_url)
    bundle = (root / str(options.get("bundle", DEFAULT_BUNDLE))).resolve()
    if "bundle" not in options and not (bundle / BUNDLE_MAIN).is_file() and (CHECKOUT_BUNDLE / BUNDLE_MAIN).is_file():
        bundle = CHECKOUT_BUNDLE  # a copy of the project (tests, previews) uses the checkout's install
    files = {f"{ADMIN_DIR}/{name}": data for name, data in bundle_files(bundle).items()}
    files[f"{ADMIN_DIR}/index.html"] = admin_page(site_name).encode("utf-8")
    files[f"{ADMIN_DIR}/config.yml"] = config_yaml(form_config(settings)).encode("utf-8")
    return files
