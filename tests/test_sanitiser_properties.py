"""Whatever the owner pastes, the rendered markdown holds nothing a browser would run.

Hypothesis writes texts from a grammar of dangerous fragments (tags that run or
load things, event handlers, URL schemes spelled with entities and control
characters, MathML and SVG namespace tricks, markdown links, images and math)
and checks the output of the one markdown function with two HTML parsers, one of
them html5lib, which parses as browsers do.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.markdown import ALLOWED_TAGS, MATHML_TAGS, render_markdown, sanitize_html
from tests.html_safety import active_content

# Elements the sanitiser keeps (where a wrong allow-list would show) and elements that run, load or confuse.
KEPT_TAGS = sorted(ALLOWED_TAGS | MATHML_TAGS)
DANGEROUS_TAGS = [
    "script", "style", "iframe", "object", "embed", "form", "input", "button", "textarea", "select", "option",
    "template", "noscript", "noembed", "noframes", "xmp", "plaintext", "title", "base", "meta", "link", "frameset",
    "svg", "foreignObject", "desc", "use", "animate", "set", "mglyph", "malignmark", "annotation-xml", "maction",
    "semantics", "image", "isindex", "marquee", "video", "audio", "source", "body", "html", "head",
]  # fmt: skip
# Where each element takes a URL.
LINKS = [
    ("a", "href"), ("a", "xlink:href"), ("img", "src"), ("img", "srcset"), ("img", "lowsrc"), ("math", "href"),
    ("mi", "href"), ("mtext", "xlink:href"), ("form", "action"), ("button", "formaction"), ("object", "data"),
    ("embed", "src"), ("iframe", "src"), ("video", "poster"), ("td", "background"), ("base", "href"),
    ("link", "href"), ("image", "href"), ("use", "href"), ("area", "href"), ("q", "cite"), ("blockquote", "cite"),
]  # fmt: skip
URL_ATTRIBUTES = sorted({attribute for _, attribute in LINKS})
HANDLERS = ["onerror", "onload", "onclick", "onmouseover", "ONFOCUS", "onbegin", "ontoggle"]
CSS_ATTRIBUTES = ["style", "mathcolor", "mathbackground"]
STYLED_TAGS = ["span", "p", "a", "img", "td", "mstyle", "mspace", "mi", "div"]
OTHER_ATTRIBUTES = ["title", "alt", "lang", "id", "class", "name", "autofocus", "open", "encoding", "attributeName",
                    "to", "values", "http-equiv", "content", "width", "display", "start"]  # fmt: skip
SCHEMES = [
    "javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", " javascript:", "\x01javascript:",
    "&#106;avascript:", "&#x6A;avascript:", "jav&#x09;ascript:", "javascript&colon;", "vbscript:", "livescript:",
    "data:text/html,", "data:text/html;base64,", "data:image/svg+xml,", "file:", "ftp:", "https:", "http:",
    "mailto:", "//", "/", "#", "",
]  # fmt: skip
ACTIONS = ["alert(1)", "alert`1`", "<script>alert(1)</script>", "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "x"]
STYLES = ["background:url(javascript:alert(1))", "width:expression(alert(1))", "behavior:url(x.htc)",
          "color:red", "@import 'x.css'", "url(javascript:alert(1))", "expression(alert(1))", "red"]  # fmt: skip
ENTITIES = ["&lt;", "&gt;", "&quot;", "&#39;", "&#60;", "&#x3C;", "&amp;", "&colon;", "&Tab;", "&NewLine;", "&#0;"]
MARKUP = ["<", ">", "</", "/>", '"', "'", "`", "=", "<!--", "-->", "<![CDATA[", "]]>", "<?", "<!DOCTYPE html>"]
MARKDOWN = ["\n\n", "\n", "    ", "> ", "- ", "1. ", "# ", "| a | b |\n|---|---|\n", "```\n", "`", "*", "_", "~~",
            "[", "]", "(", ")", "![", "\\", "$", "$$"]  # fmt: skip
LATEX = [r"\href{", r"\style{", r"\html{", r"\class{x}{", r"\color{", r"\colorbox{", r"\text{", r"\mathrm{",
         r"\frac{", r"\begin{matrix}", r"\end{matrix}", "}", "{", "^", "_"]  # fmt: skip

url = st.builds(lambda scheme, action: scheme + action, st.sampled_from(SCHEMES), st.sampled_from(ACTIONS))
any_value = st.one_of(url, st.sampled_from(STYLES), st.sampled_from(ACTIONS), st.sampled_from(ENTITIES))
quote = st.sampled_from(['"', "'", ""])


def attributes(names: list[str], values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda name, q, value: f" {name}={q}{value}{q}", st.sampled_from(names), quote, values)


attribute = st.one_of(
    attributes(URL_ATTRIBUTES, url),
    attributes(HANDLERS, st.sampled_from(ACTIONS)),
    attributes(CSS_ATTRIBUTES, st.sampled_from(STYLES)),
    attributes(OTHER_ATTRIBUTES, any_value),
)
any_tag = st.one_of(st.sampled_from(KEPT_TAGS), st.sampled_from(DANGEROUS_TAGS))
close = st.sampled_from([">", "/>", " >", ""])
start_tag = st.builds(
    lambda name, attributes, end: f"<{name}{''.join(attributes)}{end}", any_tag, st.lists(attribute, max_size=3), close
)


def element(tag_and_attribute: st.SearchStrategy[tuple[str, str]], values: st.SearchStrategy[str]):
    """A start tag whose first attribute is one that matters for it, with a dangerous value, and maybe others."""
    return st.builds(
        lambda pair, q, value, more, end: f"<{pair[0]} {pair[1]}={q}{value}{q}{''.join(more)}{end}",
        tag_and_attribute,
        quote,
        values,
        st.lists(attribute, max_size=2),
        close,
    )


linking_element = element(
    st.one_of(st.sampled_from(LINKS), st.tuples(st.sampled_from(KEPT_TAGS), st.sampled_from(URL_ATTRIBUTES))), url
)
handler_element = element(st.tuples(any_tag, st.sampled_from(HANDLERS)), st.sampled_from(ACTIONS))
styled_element = element(
    st.tuples(st.sampled_from(STYLED_TAGS), st.sampled_from(CSS_ATTRIBUTES)), st.sampled_from(STYLES)
)
end_tag = st.builds(lambda name: f"</{name}>", st.one_of(st.sampled_from(KEPT_TAGS), st.sampled_from(DANGEROUS_TAGS)))
# MathML elements only count inside <math>, where latex2mathml's output puts them too.
in_math = st.builds(lambda inner: f"<math>{inner}", st.one_of(styled_element, linking_element, handler_element))
latex_command = st.builds(
    lambda command, value: f"${command}{{{value}}}{{x}}$",
    st.sampled_from([r"\color", r"\colorbox", r"\href", r"\style", r"\class", r"\fcolorbox{red}"]),
    st.one_of(url, st.sampled_from(STYLES)),
)
markdown_link = st.builds(
    lambda bang, text, target, title: f"{bang}[{text}]({target}{title})",
    st.sampled_from(["", "!"]),
    st.sampled_from(["x", "<img src=x onerror=alert(1)>", "`code`", ""]),
    st.one_of(url, url.map(lambda u: f"<{u}>")),
    st.sampled_from(["", ' "t"', ' "x\\" onmouseover=\\"alert(1)"']),
)
reference = st.builds(lambda target: f"\n\n[r]: {target}\n\n[x][r] ![y][r] [r]\n\n", url)
autolink = st.builds(lambda target: f"<{target}>", url)
math = st.builds(
    lambda delimiter, parts: f"{delimiter}{''.join(parts)}{delimiter}",
    st.sampled_from(["$", "$$"]),
    st.lists(st.one_of(st.sampled_from(LATEX), url, start_tag, st.sampled_from(STYLES), st.just("x")), max_size=6),
)
# Half of the fragments could carry something active; the other half is the glue around them.
active = st.one_of(
    linking_element,
    handler_element,
    styled_element,
    in_math,
    start_tag,
    markdown_link,
    reference,
    autolink,
    math,
    latex_command,
)
glue = st.one_of(
    end_tag,
    st.sampled_from(ENTITIES),
    st.sampled_from(MARKUP),
    st.sampled_from(MARKDOWN),
    st.text(max_size=8),
)
document = st.lists(st.one_of(active, glue), max_size=16).map("".join)


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(text=document, inline=st.booleans())
def test_rendered_markdown_holds_no_active_content(text, inline):
    html = str(render_markdown(text, inline=inline))
    assert not active_content(html), html


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(text=document)
@example(text="</a><object>")  # a <p> was left inside a <p> where the <object> went
def test_sanitised_output_reads_the_same_when_parsed_again(text):
    """A browser parsing the output gets the tree the sanitiser kept: no markup turns active on a second reading."""
    html = str(render_markdown(text))
    assert sanitize_html(html) == html


def test_a_removed_container_keeps_words_apart_and_still_closes_what_it_held():
    """``<section>2025</section><section>MICCAI</section>`` read "2025MICCAI" once the tags went; and taking the
    tags away before the parser ran left a ``<details>`` open inside a ``<section>`` unclosed, hiding the rest of a
    real page. A ``<div>`` is kept (without its attributes): its words stay apart as blocks."""
    from core.markdown import sanitize_html

    assert "2025 MICCAI" in " ".join(sanitize_html("<section>2025</section><section>MICCAI</section>").split())
    assert sanitize_html('<div class="x" style="color:red">2025</div><div>MICCAI</div>') == (
        "<div>2025</div><div>MICCAI</div>"
    )
    kept = sanitize_html("<section><details><summary>More</summary><p>old</p></section><p>After</p>")
    assert kept.index("</details>") < kept.index("After")
