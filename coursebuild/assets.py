"""The JavaScript the decks and pages load, copied from node_modules/ so they work offline.

``npm ci`` at the project root installs the exact versions in package-lock.json:
reveal.js 5 (nbconvert 7.17's reveal template needs 4.x or 5.x; 6.x shows a blank
page), MathJax 2.7 (the version nbconvert's templates configure), require.js and
jQuery. Only the files the pages use are copied (MathJax's package alone is 70 MB).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from coursebuild import ROOT

__all__ = ["NODE_MODULES", "MissingAssets", "copy_assets", "urls"]

NODE_MODULES = ROOT / "node_modules"
THEME = "white"  # of reveal.js's themes, one whose fonts ship with it (others import Google Fonts)

# (package folder, file or folder inside it, where it goes under assets/)
_REVEAL = [
    ("reveal.js", "dist/reveal.js", "reveal.js/dist/reveal.js"),
    ("reveal.js", "dist/reveal.css", "reveal.js/dist/reveal.css"),
    ("reveal.js", "dist/reset.css", "reveal.js/dist/reset.css"),
    ("reveal.js", f"dist/theme/{THEME}.css", f"reveal.js/dist/theme/{THEME}.css"),
    ("reveal.js", "dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro"),
    ("reveal.js", "plugin/notes", "reveal.js/plugin/notes"),
]
# MathJax 2.7 with nbconvert's configuration "TeX-AMS_CHTML-full,Safe": TeX in,
# CommonHTML out, with the TeX web fonts it draws with.
_MATHJAX = [
    ("mathjax", path, f"mathjax/{path}") for path in (
        "MathJax.js", "LICENSE", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions",
        "jax/input/TeX", "jax/element", "jax/output/CommonHTML", "jax/output/PreviewHTML",
        "fonts/HTML-CSS/TeX/woff", "fonts/HTML-CSS/TeX/otf", "localization/en",
    )
]
_LOADERS = [
    ("requirejs", "require.js", "require.js"),
    ("jquery", "dist/jquery.min.js", "jquery.min.js"),
]
_WHAT = {"slides": _REVEAL + _MATHJAX + _LOADERS, "site": _MATHJAX + _LOADERS}


class MissingAssets(RuntimeError):
    """node_modules/ lacks a file the build copies: run `npm ci` at the project root."""


def copy_assets(kind: str, out: Path) -> Path:
    """Copy what ``kind`` ("slides" or "site") needs into ``out``/assets; returns that folder."""
    target = out / "assets"
    for package, inside, where in _WHAT[kind]:
        source = NODE_MODULES / package / inside
        if not source.exists():
            raise MissingAssets(
                f"{source} is missing. Install the pinned JavaScript packages first: "
                f"`npm ci` in {ROOT} (see package.json).")
        destination = target / where
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(source, destination)
    return target


def urls(prefix: str = "assets") -> dict[str, str]:
    """nbconvert options pointing at the copied files, relative to the page."""
    return {
        "reveal_url_prefix": f"{prefix}/reveal.js",
        "mathjax_url": f"{prefix}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        "require_js_url": f"{prefix}/require.js",
        "jquery_url": f"{prefix}/jquery.min.js",
    }
