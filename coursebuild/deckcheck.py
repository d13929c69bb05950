"""Open a built deck in headless Chromium and report what a presenter would see.

Used by tests/test_slides.py and by ``python -m coursebuild check-slides``: did
reveal.js start, how many slides are there, was the maths typeset (no TeX left
as text, no TeX errors), did anything load from outside the build folder, and the
measurable rules of a legible deck (RULES; problems() lists every breach):

- no slide taller or wider than 1280x720 (its edge would be cut off);
- no code or output block that scrolls sideways, and no code line on a slide longer
  than 88 characters;
- text in figures at least MIN_FIGURE_TEXT_PX high as shown: the smallest font of the
  course style (notebooks/matplotlibrc), in pixels at the figure's dpi, times the scale
  the deck shows the image at; and no explicit ``fontsize=`` below that style's smallest;
- no text or figure under the navigation arrows (measured on each slide as shown).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from coursebuild import NOTEBOOKS
from coursebuild.browser import Browser, Page

__all__ = ["DeckReport", "open_deck", "inspect_deck", "inspect_page", "READY", "RULES", "problems",
           "style_smallest_text", "code_line_problems", "font_size_problems"]

RULES = {
    "slide": (1280, 720),          # px; a slide's content must fit
    "max_code_line": 88,           # characters per code line on a slide
    "min_figure_text_px": 16,      # smallest figure text as shown on the 1280x720 slide
}
_RELATIVE = {"xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0, "large": 1.2,
             "x-large": 1.44, "xx-large": 1.728, "smaller": 0.833, "larger": 1.2}
_TEXT_KEYS = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
              "legend.fontsize")


def style_smallest_text(rc: Path | None = None) -> tuple[float, float]:
    """(smallest font size in points, figure dpi) of the course style (notebooks/matplotlibrc),
    over the base size, titles, axis labels, tick labels and legends."""
    import matplotlib

    params = dict(matplotlib.rcParamsDefault)
    rc = Path(rc) if rc is not None else NOTEBOOKS / "matplotlibrc"
    if rc.exists():
        for line in rc.read_text().splitlines():
            key, _, value = line.split("#", 1)[0].partition(":")
            if key.strip() and value.strip():
                params[key.strip()] = value.strip()
    base = float(params["font.size"])

    def points(value) -> float:
        return base * _RELATIVE[value] if str(value) in _RELATIVE else float(value)

    dpi = params["figure.dpi"]
    return min(points(params[key]) for key in _TEXT_KEYS), float(dpi)


def _shown_code_cells(nb):
    return [(index, cell) for index, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") not in ("skip", "notes")]


def code_line_problems(nb, limit: int = RULES["max_code_line"]) -> list[str]:
    """"cell 12, line 3: 103 characters" for every code line on a slide longer than ``limit``."""
    return [f"cell {index}, line {number}: {len(line)} characters (at most {limit} fit a slide)"
            for index, cell in _shown_code_cells(nb)
            for number, line in enumerate(cell.source.splitlines(), start=1) if len(line) > limit]


def font_size_problems(nb, smallest_pt: float) -> list[str]:
    """Explicit ``fontsize=8`` / ``size=7`` in code on a slide, below the course style's smallest text."""
    found = []
    for index, cell in _shown_code_cells(nb):
        for number, line in enumerate(cell.source.splitlines(), start=1):
            for match in re.finditer(r"\b(fontsize|size)\s*=\s*(\d+(?:\.\d+)?)\b", line):
                if float(match.group(2)) < smallest_pt:
                    found.append(f"cell {index}, line {number}: {match.group(0)} is smaller than the course "
                                 f"style's smallest text ({smallest_pt:g} pt): use a relative size or leave it out")
    return found

# reveal.js initialised, MathJax started up and its typesetting queue drained.
READY = ("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.isReady"
         " && MathJax.Hub.queue.pending === 0 && !MathJax.Hub.queue.running")

# Show every slide at once (they overlap; nobody looks) and typeset the maths again,
# now that it is visible: MathJax lays out hidden maths with guessed sizes, and the
# deck re-typesets each slide as it is shown, so this is the size a viewer sees.
_SHOW_ALL = r"""
(() => {
  const R = window.Reveal;
  R.configure({transition: 'none', backgroundTransition: 'none'});
  window.__shown = [...document.querySelectorAll('.reveal .slides section')].map(s => [s, s.style.display]);
  window.__shown.forEach(([s]) => { s.style.display = 'block'; });
  MathJax.Hub.Queue(['Rerender', MathJax.Hub, document.querySelector('.reveal .slides')]);
  return true;
})()
"""

_MEASURE = r"""
(() => {
  const R = window.Reveal;
  const config = R.getConfig();
  const slides = R.getSlides().map((section) => {
    const at = R.getIndices(section);
    // a slide's name: its heading, else the first line of its first text or code
    const named = section.querySelector('h1, h2, h3, h4, .jp-RenderedMarkdown p, .jp-InputArea-editor');
    const text = (named ? named.textContent : '').replace(/¶/g, '').trim();
    return {h: at.h, v: at.v, title: text.split('\n')[0].slice(0, 70),
            height: section.scrollHeight, width: section.scrollWidth,
            wide_code: [...section.querySelectorAll('pre')].filter(p => p.scrollWidth > p.clientWidth + 2).length,
            // [natural width, width on the 1280x720 slide] of each figure (layout px, before reveal's scaling)
            figures: [...section.querySelectorAll('.jp-OutputArea-output img')].map(i => [i.naturalWidth, i.offsetWidth])};
  });
  (window.__shown || []).forEach(([s, display]) => { s.style.display = display; });
  // The prose as a reader sees it: markdown text, minus code and what MathJax made or keeps.
  const skip = 'script, style, code, pre, .MathJax_Preview, .mjx-chtml, .MathJax_CHTML, .MJX_Assistive_MathML';
  const markdown = [...document.querySelectorAll('.reveal .slides .jp-MarkdownCell')].map((cell) => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let text = '';
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest(skip)) text += walker.currentNode.nodeValue;
    }
    return text;
  }).join('\n');
  const raw = markdown.match(/\$\$[^$]+\$\$|\$[^$\s][^$]*\$|\\\(|\\\[/g) || [];
  return {
    ready: R.isReady(),
    total: R.getTotalSlides(),
    horizontal: R.getHorizontalSlides().length,
    config_size: [config.width, config.height],
    tex_found: document.querySelectorAll('.reveal .slides script[type^="math/tex"]').length,
    tex_rendered: document.querySelectorAll('.reveal .slides [id^="MathJax-Element-"][id$="-Frame"]').length,
    tex_errors: [...document.querySelectorAll('.reveal .slides .mjx-merror, .reveal .slides .MathJax_Error')]
      .map(e => e.textContent.slice(0, 80)),
    raw_tex: raw.slice(0, 10),
    slides,
  };
})()
"""


# On the slide as shown: text lines and figures that lie under a visible navigation arrow.
_UNDER_CONTROLS = r"""
(() => {
  const buttons = [...document.querySelectorAll('.reveal .controls button')].filter((b) => {
    const style = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && r.width > 0 && b.classList.contains('enabled');
  }).map(b => b.getBoundingClientRect());
  const slide = Reveal.getCurrentSlide();
  const hit = (r) => buttons.some(b => r.width > 0 && r.height > 0 && r.left < b.right && r.right > b.left
                                       && r.top < b.bottom && r.bottom > b.top);
  const found = [];
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.nodeValue.trim() || node.parentElement.closest('script, style, aside.notes, .MJX_Assistive_MathML')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if ([...range.getClientRects()].some(hit)) found.push(node.nodeValue.trim().slice(0, 40));
  }
  slide.querySelectorAll('img').forEach((img) => { if (hit(img.getBoundingClientRect())) found.push('a figure'); });
  return found;
})()
"""


@dataclass
class DeckReport:
    deck: Path
    ready: bool = False
    total: int = 0
    horizontal: int = 0
    config_size: tuple[int, int] = (0, 0)
    tex_found: int = 0
    tex_rendered: int = 0
    tex_errors: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    slides: list[dict] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_loads: list[str] = field(default_factory=list)
    under_controls: dict = field(default_factory=dict)   # "h.v" -> texts under the navigation arrows

    def overflowing(self, tolerance: int = 4) -> list[dict]:
        """Slides whose content is taller or wider than the slide."""
        width, height = self.config_size
        return [s for s in self.slides
                if s["height"] > height + tolerance or s["width"] > width + tolerance]


def _settle(page: Page, timeout: float, recheck: float = 0.2) -> bool:
    """Wait until READY holds twice, ``recheck`` seconds apart (MathJax may queue a second pass)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.wait_for(READY, timeout=max(deadline - time.monotonic(), 0.1)):
            time.sleep(recheck)
            if page.evaluate(READY):
                return True
    return False


def open_deck(deck: Path, browser: Browser) -> Page:
    """Start loading ``deck`` in a new tab (several can load at once)."""
    return browser.open(Path(deck).resolve().as_uri())


def inspect_deck(deck: Path, browser: Browser, screenshots: Path | None = None,
                 measure: bool = True, timeout: float = 30.0, page: Page | None = None,
                 controls: bool = False) -> DeckReport:
    """Load ``deck`` (a file) and check it; close the tab when done.

    measure: also measure every slide's size (re-typesets all maths while every slide
    is shown: slower). screenshots: a folder to save a PNG of every slide in.
    controls: show every slide in turn and record text under the navigation arrows.
    page: a tab already opened on the deck with open_deck().
    """
    report = DeckReport(Path(deck))
    page = page or open_deck(deck, browser)
    try:
        if not _settle(page, timeout):
            report.failed_loads = page.failed_loads()
            return report
        if measure:
            page.evaluate(_SHOW_ALL)
            time.sleep(0.1)
            _settle(page, timeout)
        for key, value in page.evaluate(_MEASURE).items():
            setattr(report, key, tuple(value) if key == "config_size" else value)
        if not measure:
            for slide in report.slides:  # sizes of hidden slides mean nothing
                slide["height"] = slide["width"] = 0
        report.outside_requests = [u for u in page.requested_urls()
                                   if not u.startswith(("file:", "data:", "about:"))]
        report.failed_loads = page.failed_loads()
        if screenshots is not None or controls:
            if screenshots is not None:
                screenshots.mkdir(parents=True, exist_ok=True)
            for number, slide in enumerate(report.slides, start=1):
                page.evaluate(f"Reveal.slide({slide['h']}, {slide['v']}, Number.MAX_SAFE_INTEGER)")
                # the deck re-typesets the maths of the slide it moves to, already laid out once
                # by the measuring pass: a short wait suffices (the tests visit every slide of every deck)
                time.sleep(0.03)
                _settle(page, timeout, recheck=0.05)
                if controls:
                    under = page.evaluate(_UNDER_CONTROLS)
                    if under:
                        report.under_controls[f"{slide['h']}.{slide['v']}"] = under
                if screenshots is not None:
                    page.screenshot(screenshots / f"{Path(deck).stem.replace('.slides', '')}_{number:02d}.png")
    finally:
        page.close()
    return report


def problems(report: DeckReport, nb=None, rc: Path | None = None) -> list[str]:
    """Every breach of RULES in a deck (measured with measure=True, controls=True) and, given
    the notebook the deck shows (the stubbed one: coursebuild.student.without_answers), in its code."""
    found = []
    if not report.ready:
        return [f"the deck did not start ({report.failed_loads})"]
    for slide in report.overflowing():
        found.append(f"slide {slide['h']}.{slide['v']} ({slide['title']!r}) is {slide['width']}x{slide['height']} px: "
                     "too big for 1280x720, split it with a subslide")
    smallest_pt, dpi = style_smallest_text(rc)
    for slide in report.slides:
        where = f"slide {slide['h']}.{slide['v']} ({slide['title']!r})"
        if slide.get("wide_code"):
            found.append(f"{where}: {slide['wide_code']} code/output block(s) scroll sideways")
        for natural, shown in slide.get("figures", []):
            if natural and shown:
                text_px = smallest_pt * dpi / 72 * shown / natural
                if text_px < RULES["min_figure_text_px"] - 0.05:
                    found.append(f"{where}: a figure {natural} px wide is shown {shown:.0f} px wide, so its smallest "
                                 f"text is {text_px:.1f} px high (at least {RULES['min_figure_text_px']}): "
                                 "make the figure narrower (figsize) or give it a slide of its own")
    for at, texts in report.under_controls.items():
        found.append(f"slide {at}: under the navigation arrows: {texts[:3]}")
    for url in report.outside_requests + report.failed_loads:
        found.append(f"not loaded from the build folder: {url[:120]}")
    for problem in report.tex_errors + report.raw_tex:
        found.append(f"maths not typeset: {problem!r}")
    if nb is not None:
        found += code_line_problems(nb) + font_size_problems(nb, smallest_pt)
    return found


PAGE_READY = ("window.MathJax && MathJax.isReady && MathJax.Hub.queue.pending === 0"
              " && !MathJax.Hub.queue.running")

_PAGE = r"""
({
  tex_found: document.querySelectorAll('script[type^="math/tex"]').length,
  tex_rendered: document.querySelectorAll('[id^="MathJax-Element-"][id$="-Frame"]').length,
  tex_errors: [...document.querySelectorAll('.mjx-merror, .MathJax_Error')].map(e => e.textContent.slice(0, 80)),
})
"""


def inspect_page(path: Path, browser: Browser, page: Page | None = None, timeout: float = 30.0) -> dict:
    """Load a site page (a file): MathJax counts and anything fetched from outside the build folder."""
    page = page or browser.open(Path(path).resolve().as_uri())
    try:
        ready = page.wait_for(PAGE_READY, timeout=timeout)
        found = page.evaluate(_PAGE) if ready else {}
        found["ready"] = ready
        found["outside_requests"] = [u for u in page.requested_urls()
                                     if not u.startswith(("file:", "data:", "about:"))]
        found["failed_loads"] = page.failed_loads()
    finally:
        page.close()
    return found
