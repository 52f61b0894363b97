"""The article inside an HTML page: its text without scripts, styles and navigation."""

from __future__ import annotations

from bs4 import BeautifulSoup

_NOISE = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
          "form", "iframe", "svg", "button", "select")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div",
           "section", "article", "br", "tr", "figcaption")


def html_to_text(markup: str) -> tuple[str, str]:
    """The page's headline (``<h1>``, else ``<title>``) and its text, one block a line.

    >>> html_to_text("<title>t</title><nav>menu</nav><p>أ</p><script>x()</script><p>ب</p>")
    ('t', 'أ\\nب')
    """
    soup = BeautifulSoup(markup, "html.parser")
    title_tag = soup.find("h1") or soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
    for tag in soup(_NOISE):
        tag.decompose()
    if soup.title:
        soup.title.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for block in root.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in root.get_text().split("\n"))
    return title, "\n".join(line for line in lines if line)
