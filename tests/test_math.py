"""Math in markdown: typeset by the browser from server-rendered MathML, and never a way in for script."""

import re

import pytest
from bs4 import BeautifulSoup
from latex2mathml.converter import convert

from core.markdown import ALLOWED_TAGS, MATHML_TAGS, render_markdown, sanitize_html
from homepage.site_tree import ensure_homepage


def tags_of(html: str) -> list[str]:
    return [tag.name for tag in BeautifulSoup(html, "html.parser").find_all(True)]


def test_inline_math_becomes_mathml():
    html = render_markdown("Energy $E=mc^2$ is conserved.")
    assert html == (
        '<p>Energy <math display="inline"><mrow><mi>E</mi><mo>=</mo><mi>m</mi>'
        "<msup><mi>c</mi><mn>2</mn></msup></mrow></math> is conserved.</p>"
    )


def test_display_math_on_its_own_lines():
    html = render_markdown("The sum:\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\nas claimed.")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.math["display"] == "block"
    assert {"munderover", "mfrac"} <= set(tags_of(html))  # limits under and over the sum when displayed
    assert [p.get_text() for p in soup.find_all("p")] == ["The sum:", "as claimed."]


def test_double_dollars_inside_a_line_are_displayed_without_breaking_the_paragraph():
    html = render_markdown("so $$x^2$$ holds")
    assert html.startswith('<p>so <math display="block">') and html.endswith("</math> holds</p>")


def test_math_in_one_line_texts_like_news():
    assert render_markdown("Best paper on $O(n \\log n)$ sorting", inline=True).startswith("Best paper on <math")


@pytest.mark.parametrize(
    "text",
    ["It costs $10 and $20.", "Between $ 5 $ and more", "Escaped \\$x\\$ stays", "A prize of US$5,000"],
)
def test_dollar_signs_that_are_not_math_stay_text(text):
    assert "<math" not in render_markdown(text)


def test_latex_that_cannot_be_read_is_shown_as_code():
    assert render_markdown("Oops $\\frac{$ here") == "<p>Oops <code>\\frac{</code> here</p>"
    assert render_markdown("$$\n\\frac{a}{\n$$") == "<pre><code>\n\\frac{a}{\n</code></pre>"
    assert render_markdown("deep $" + "{" * 5000 + "$").startswith("<p>deep <code>")


def test_every_element_latex2mathml_writes_survives_the_sanitiser():
    formula = (
        r"\left(\frac{a}{b}\right) + \sqrt[3]{x} + \sqrt{y} + \sum_{i=1}^n x_i + \lim_{x\to 0} + \hat{x}"
        r" + \overbrace{a+b}^{n} + \underbrace{c}_{m} + \binom{n}{k} + \mathbb{R} + \text{text} + \cancel{z}"
        r" + \phantom{p}\hspace{1em} + \color{red}{r} + \begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}"
        r" + \not= + \xrightarrow{f}"
    )
    expected = re.sub(r' xmlns="[^"]*"', "", convert(formula))
    rendered = str(render_markdown(f"${formula}$", inline=True))
    assert tags_of(rendered) == tags_of(expected)
    assert set(tags_of(rendered)) <= MATHML_TAGS


XSS = [
    r"$\href{javascript:alert(1)}{click}$",
    r"$\text{<script>alert(1)</script>}$",
    r"$\text{</math><img src=x onerror=alert(1)>}$",
    r"$\style{background:url(javascript:alert(1))}{x}$",
    r"$\class{x}{y}$",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)"><mi>x</mi></math>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><maction actiontype="statusline"><mtext>x</mtext><mtext>javascript:alert(1)</mtext></maction></math>',
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>',
    '<math><semantics><mi>x</mi><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml>'
    "</semantics></math>",
    "<svg><math><mtext><style><img src=x onerror=alert(1)></style></mtext></math></svg>",
    '<math><mi style="color:red" onclick="alert(1)" class="x" id="y">x</mi></math>',
]


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("inline", [False, True])
def test_math_cannot_carry_script_or_links(payload, inline):
    html = str(render_markdown(payload, inline=inline))
    soup = BeautifulSoup(html, "html.parser")
    assert set(tags_of(html)) <= ALLOWED_TAGS | MATHML_TAGS
    assert not soup.find_all(["script", "style", "svg", "maction", "annotation-xml", "semantics"])
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.startswith("on") and name not in {"style", "class", "id", "xlink:href"}
            assert "javascript" not in str(value).lower()
            assert name != "href" or tag.name == "a"
    assert "<script" not in html and "onerror" not in html
    assert sanitize_html(html) == html  # stable: parsing it again cannot turn it into something else


@pytest.mark.django_db
def test_math_on_the_homepage(client):
    home, _, _ = ensure_homepage()
    home.about = "My favourite identity is $e^{i\\pi} + 1 = 0$."
    home.sections = [("about", {"title": "About Me"})]
    home.save_revision().publish()
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    math = soup.select_one("#about-me math")
    assert math["display"] == "inline" and math.msup is not None
    assert not soup.find("script", src=lambda src: src and "mathjax" in src.lower())
