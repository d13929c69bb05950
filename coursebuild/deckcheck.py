"""Open a built deck in headless Chromium and report what a presenter would see.

Used by tests/test_slides.py and by ``python -m coursebuild check-slides``: did
reveal.js start, how many slides are there, was the maths typeset (no TeX left
as text, no TeX errors), did anything load from outside the build folder, and
which slides are taller or wider than the 1280x720 slide (their bottom or right
edge would be cut off when presenting).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from coursebuild.browser import Browser, Page

__all__ = ["DeckReport", "open_deck", "inspect_deck", "inspect_page", "READY"]

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
            wide_code: [...section.querySelectorAll('pre')].filter(p => p.scrollWidth > p.clientWidth + 2).length};
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

    def overflowing(self, tolerance: int = 4) -> list[dict]:
        """Slides whose content is taller or wider than the slide."""
        width, height = self.config_size
        return [s for s in self.slides
                if s["height"] > height + tolerance or s["width"] > width + tolerance]


def _settle(page: Page, timeout: float) -> bool:
    """Wait until READY holds twice in a row (MathJax may queue a second pass)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.wait_for(READY, timeout=max(deadline - time.monotonic(), 0.1)):
            time.sleep(0.2)
            if page.evaluate(READY):
                return True
    return False


def open_deck(deck: Path, browser: Browser) -> Page:
    """Start loading ``deck`` in a new tab (several can load at once)."""
    return browser.open(Path(deck).resolve().as_uri())


def inspect_deck(deck: Path, browser: Browser, screenshots: Path | None = None,
                 measure: bool = True, timeout: float = 30.0, page: Page | None = None) -> DeckReport:
    """Load ``deck`` (a file) and check it; close the tab when done.

    measure: also measure every slide's size (re-typesets all maths while every slide
    is shown: slower). screenshots: a folder to save a PNG of every slide in.
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
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            for number, slide in enumerate(report.slides, start=1):
                page.evaluate(f"Reveal.slide({slide['h']}, {slide['v']}, Number.MAX_SAFE_INTEGER)")
                time.sleep(0.1)  # the deck re-typesets the maths of the slide it moves to
                _settle(page, timeout)
                page.screenshot(screenshots / f"{Path(deck).stem.replace('.slides', '')}_{number:02d}.png")
    finally:
        page.close()
    return report


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
