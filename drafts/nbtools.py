"""Tiny helpers for building course notebooks with nbformat (throwaway, not committed)."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def md(source, slide="-"):
    cell = new_markdown_cell(source.strip("\n"))
    cell.metadata["slideshow"] = {"slide_type": slide}
    return cell


def code(source, slide="-", ignore=False, tags=()):
    cell = new_code_cell(source.strip("\n"))
    cell.metadata["slideshow"] = {"slide_type": slide}
    tags = list(tags) + (["nbval-ignore-output"] if ignore else [])
    if tags:
        cell.metadata["tags"] = tags
    return cell


def notebook(cells, path):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)
