"""A paper's fields (title, names, venue, links) as real sites wrote them, each pattern reproduced small.

Each case failed on the importer before it: a field read as another, or the paper not read at all.
"""

from homepage.importers.acadhomepage import parse_about


def _papers(page: str):
    return [paper for section in parse_about(page).sections for paper in section.papers]


def _names(paper) -> list[str]:
    return [author.name + ("!" if author.is_owner else "") for author in paper.authors]


CHIP = (
    '<span style="background-color:#1E40AF; color:white; padding:0.5px 4px; border-radius:6px; '
    'display:inline-block;">{venue}</span><span style="color:red">{note}</span>'
)


def test_a_styled_chip_and_its_note_before_an_italic_title_are_the_venue_of_any_length():
    """A Chinese faculty page: 24 of 67 papers had the whole line as title and no names."""
    page = (
        "# 📝 Publications\n"
        '### (Note: <span style="color:#FFA500">&#42;</span>: 通讯作者, <span>&#8224;</span>: 共同一作)\n\n'
        "- "
        + CHIP.format(venue="IEEE Transactions on Medical Imaging", note="（中科院医学1区Top5%，影响因子>10）")
        + " *Multi-task siamese network for retinal artery/vein separation*, **Zhiwei Wang**, Xixi Jiang"
        '<span style="color:#0D6EFD">&#8224;</span>, Xin Yang<span style="color:#FFA500">&#42;</span>. '
        "[**Link**](https://doi.org/10.1109/TMI.2020.2980117)\n"
        "- "
        + CHIP.format(venue="PloS ONE", note="")
        + " *Accurate face alignment and adaptive patch selection*, **Zhiwei Wang**, Kwang-Ting Cheng.\n"
    )
    first, second = _papers(page)
    assert first.title == "Multi-task siamese network for retinal artery/vein separation"
    assert _names(first) == ["Zhiwei Wang!", "Xixi Jiang", "Xin Yang"]
    assert first.authors[1].equal_contribution and first.authors[2].corresponding  # the page's own legend
    assert "IEEE Transactions on Medical Imaging（中科院医学1区Top5%，影响因子>10）" in (first.venue, first.venue_short)
    assert [link.url for link in first.links] == ["https://doi.org/10.1109/TMI.2020.2980117"]
    assert second.title == "Accurate face alignment and adaptive patch selection"
    assert second.venue_short == "PloS ONE"
    assert _names(second) == ["Zhiwei Wang!", "Kwang-Ting Cheng"]


def test_tags_set_in_code_side_by_side_are_one_tag_and_the_names_after_the_titles_full_stop_are_names():
    page = (
        "# 📝 Other papers\n"
        "- ``2023`` ``Expert Systems with Applications`` *PSDP: Pseudo-Supervised Dual-Processing for Low-Dose "
        "CT*. Lianying Chao, Wenqi Shan, **Zhiwei Wang**, Qiang Li.\n"
    )
    (paper,) = _papers(page)
    assert paper.title == "PSDP: Pseudo-Supervised Dual-Processing for Low-Dose CT"
    assert _names(paper) == ["Lianying Chao", "Wenqi Shan", "Zhiwei Wang!", "Qiang Li"]
    assert "2023 · Expert Systems with Applications" in (paper.venue_short, paper.venue)
    assert paper.date.start.year == 2023
    assert paper.description == ""


def test_someone_else_of_the_owners_name_in_a_list_where_the_owner_is_in_bold_is_not_the_owner():
    page = (
        "# Publications\n"
        "- [Toward pseudo masks](https://a.org/1). **Zhiwei Wang**, Zihang Huang, Zhiwei Wang, Xin Yang.\n"
        "- [Another paper of mine](https://a.org/2). Ada Lovelace, **Zhiwei Wang**.\n"
        "- [One more paper here](https://a.org/3). Ada Lovelace, Zhiwei Wang.\n"
    )
    first, second, third = _papers(page)
    assert _names(first) == ["Zhiwei Wang!", "Zihang Huang", "Zhiwei Wang", "Xin Yang"]
    assert _names(third) == ["Ada Lovelace", "Zhiwei Wang!"]  # not in bold there: the owner by name, as before


def test_a_quoted_linked_title_then_names_and_the_venue_in_italics_after_a_comma():
    page = (
        "# Publications\n"
        '- ``KDD 2026`` ["Beyond Item Selection: Rethinking Ability Evolution"](). X. Yu, J. Li, '
        "**Shangshang Yang**\\*, and X. Zhang, *ACM SIGKDD Conference on Knowledge Discovery and Data Mining* "
        "(**CCF A**), 2026.\n"
    )
    (paper,) = _papers(page)
    assert paper.title == "Beyond Item Selection: Rethinking Ability Evolution"
    assert _names(paper) == ["X. Yu", "J. Li", "Shangshang Yang!", "X. Zhang"]
    assert paper.venue_short == "KDD 2026"
    assert paper.venue == "ACM SIGKDD Conference on Knowledge Discovery and Data Mining (CCF A), 2026"
    assert paper.description == ""


def test_a_boxs_one_bullet_with_names_after_the_title_and_the_venue_in_bold_after_the_last_name():
    page = (
        "# Publications\n"
        "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">Under Review</div>"
        '<img src=\'images/a.png\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "- [AVSET-10M: An Open Audio-Visual Dataset](https://openreview.net/pdf?id=x) **Xize Cheng**, Ziang Zhang, "
        "Zhou Zhao **Under Review**\n"
        "</div>\n</div>\n"
    )
    (paper,) = _papers(page)
    assert paper.title == "AVSET-10M: An Open Audio-Visual Dataset"
    assert _names(paper) == ["Xize Cheng!", "Ziang Zhang", "Zhou Zhao"]
    assert paper.venue == "Under Review"


def test_a_paragraph_paper_keeps_the_bullet_of_links_right_under_it_and_its_venue_line():
    page = (
        "# 📝 Publications\n"
        "*†represents co-first authors*\n\n"
        "**SurgSora: Object-Aware Diffusion Model for Controllable Surgical Video Generation**<br>\n"
        "**T Chen†**, S Yang†, L Zhou<br>\n"
        "Medical Image Computing and Computer Assisted Intervention (**MICCAI**), 2025. <br>\n"
        "- [Project Page](https://surgsora.github.io)\\| [Paper](https://arxiv.org/abs/2412.14018)\n\n"
        "**EndoIR: All-in-One Endoscopic Image Restoration**<br>\n"
        "**T Chen†**, X Ma†<br>\n"
        "Annual AAAI Conference on Artificial Intelligence (**AAAI**), 2026. <br>\n"
        "- [Paper](https://arxiv.org/abs/2511.05873)\\| [Code](https://github.com/a/EndoIR)\n"
    )
    first, second = _papers(page)
    assert first.title == "SurgSora: Object-Aware Diffusion Model for Controllable Surgical Video Generation"
    assert _names(first) == ["T Chen!", "S Yang", "L Zhou"]
    assert first.authors[0].equal_contribution
    assert first.venue == "Medical Image Computing and Computer Assisted Intervention (MICCAI), 2025"
    assert [link.label for link in first.links] == ["Project Page", "Paper"]
    assert second.title == "EndoIR: All-in-One Endoscopic Image Restoration"
    assert [link.label for link in second.links] == ["Paper", "Code"]


def test_a_paragraph_with_a_link_among_the_papers_is_no_paper():
    page = (
        "# Publications\n"
        "My full list is on [Google Scholar](https://scholar.google.com/citations?user=x) and on my CV.\n"
        "- [Paper](https://a.org/p)\n\n"
        "- [A Title of Mine](https://a.org/t), **Me**, You\n"
    )
    assert [paper.title for paper in _papers(page)] == ["Paper", "A Title of Mine"]


def test_a_first_author_note_after_the_owners_name_is_no_part_of_the_name():
    page = (
        "# Publications\n"
        "2. **Jingyu Fu** (First Author), et al. Video-level Thyroid Ultrasound Diagnosis via Detection. "
        "**ChinaXiv**, 2026. [[PDF](https://chinaxiv.org/a.pdf)]\n"
    )
    (paper,) = _papers(page)
    assert paper.title == "Video-level Thyroid Ultrasound Diagnosis via Detection"
    assert _names(paper) == ["Jingyu Fu!"]
    assert paper.more_authors
    assert paper.venue == "ChinaXiv, 2026"


def test_the_owner_set_apart_by_a_class_in_a_block_of_names_is_in_bold():
    page = (
        "# Publications\n"
        "<div class='paper-box'><div class='paper-box-image'><img src='images/a.png'></div>\n"
        "  <div class='paper-box-text'>\n"
        '    <h3><a href="https://pamosplat.github.io">PaMoSplat: Part-Aware Gaussian Splatting</a></h3>\n'
        '    <div class="authors"><span class="accent-text">Yinan Deng</span>, Jianyu Dou, Yufeng Yue*</div>\n'
        '    <div class="venue">IEEE Transactions on Robotics (TRO) 2025</div>\n'
        "  </div>\n</div>\n"
    )
    (paper,) = _papers(page)
    assert _names(paper) == ["Yinan Deng!", "Jianyu Dou", "Yufeng Yue"]
    assert paper.venue == "IEEE Transactions on Robotics (TRO) 2025"


def test_a_link_label_written_with_character_references_reads_as_the_page_showed_it():
    page = (
        "# Publications\n"
        "- [Notes on the Engine](https://a.org/x), **Ada Lovelace**, You. [**Paper**](https://a.org/p) | "
        "[**News&#127881;**](https://mp.weixin.qq.com/s/x) | [**Q&amp;A**](https://a.org/qa)\n"
    )
    (paper,) = _papers(page)
    assert [link.label for link in paper.links] == ["Paper", "News🎉", "Q&A"]


def test_a_pages_own_variant_of_the_paper_box_is_a_paper_box():
    """'<div class="paper-box-top">' ("@extend .paper-box" in the site's style sheet): read as text, its figure
    shown at full width over the title, on one site's first paper and both its projects."""
    box = (
        "<div class='{kind}'><div class='paper-box-image'><div><div class=\"badge\">ICLR 2026</div>"
        '<img src=\'images/{name}.webp\' alt="sym" width="100%"></div></div>\n'
        "<div class='paper-box-text' markdown=\"1\">\n\n"
        "[{name}: A Title of Four Words](https://arxiv.org/abs/2511.22677)\n\n"
        "**Dongyang Liu**, Peng Gao\n\n</div>\n</div>\n\n"
    )
    project = (
        "<div class='paper-box-top'><div class='paper-box-image'><div><img src='images/z-image.jpg' alt=\"sym\" "
        'width="100%"></div></div>\n<div class=\'paper-box-text\' markdown="1">\n\n'
        "[Z-Image](https://github.com/Tongyi-MAI/Z-Image)\n\n"
        "Powerful and highly efficient image generation model with 6B parameters.\n\n</div>\n</div>\n\n"
    )
    page = (
        "# ⚙️ Projects\n\n"
        + project
        + "# 📝 Publications\n\n"
        + box.format(kind="paper-box-top", name="Decoupled")
        + box.format(kind="paper-box", name="Lumina")
        + box.format(kind="paper-box-bottom", name="FCFD")
    )
    projects, publications = parse_about(page).sections
    assert [box.image for box in projects.boxes] == ["images/z-image.jpg"]
    assert [paper.title for paper in publications.papers] == [
        "Decoupled: A Title of Four Words",
        "Lumina: A Title of Four Words",
        "FCFD: A Title of Four Words",
    ]
    assert all(paper.image and paper.badge_text == "ICLR 2026" for paper in publications.papers)


BOX = (
    "<div class='paper-box'><div class='paper-box-image'><div><div class=\"badge\">{badge}</div>"
    '<img src=\'images/{image}\' alt="sym" width="100%"></div></div>\n'
    "<div class='paper-box-text' markdown=\"1\">\n{text}\n</div>\n</div>\n\n"
)


def test_a_heading_inside_a_box_is_its_papers_title_not_a_new_section():
    """A bilingual site set each box's title as "# Title": the boxes were cut into sections titled after the
    papers (14 of 14 papers lost from the publications, two read as "Teaching" sections)."""
    page = (
        "# 📝 Publications\n\n"
        + BOX.format(
            badge="ACL 2026",
            image="a.png",
            text="\n# Empirical Analysis of Decoding Biases in Masked Diffusion Models\n\n"
            "`Pengcheng Huang`, Tianming Liu, Zhenghao Liu†\n\n"
            "[arXiv](https://arxiv.org/abs/2508.13021) · [Code](https://github.com/NEUIR/Uncode)\n\n"
            "- This work reveals two systematic decoding biases.\n",
        )
        + BOX.format(
            badge="ICLR 2026",
            image="b.png",
            text="# Teaching LLMs to Learn Tool Trialing\n\nXingjie Gao*, `Pengcheng Huang*`, Zhenghao Liu†\n",
        )
        + "# 🎖 Honors and Awards\n- *2025.10* National Scholarship\n"
    )
    site = parse_about(page)
    assert [(section.kind, section.title) for section in site.sections] == [
        ("publications", "📝 Publications"),
        ("honors", "🎖 Honors and Awards"),
    ]
    first, second = site.sections[0].papers
    assert first.title == "Empirical Analysis of Decoding Biases in Masked Diffusion Models"
    assert _names(first) == ["Pengcheng Huang!", "Tianming Liu", "Zhenghao Liu"]
    assert first.badge_text == "ACL 2026"
    assert first.description == "- This work reveals two systematic decoding biases."
    assert second.title == "Teaching LLMs to Learn Tool Trialing"
    assert _names(second) == ["Xingjie Gao", "Pengcheng Huang!", "Zhenghao Liu"]


def test_a_box_left_open_does_not_hide_the_headings_after_it():
    page = (
        "# Publications\n\n<div class='paper-box'><div class='paper-box-text' markdown=\"1\">\n"
        "# A Title Never Closed\n\nAda Lovelace, Charles Babbage\n\n"
        "# Honors\n- *2025* A prize\n"
    )
    titles = [section.title for section in parse_about(page).sections]
    assert titles == ["Publications", "A Title Never Closed", "Honors"]  # as before: only a closed box holds its own


def test_a_box_whose_text_is_one_bullet_of_a_reference_is_that_paper():
    """A MEMS researcher's boxes each hold one bullet, "- **Me**, names. <a>Title</a>. *Journal*, year …": the
    whole bullet was the title, cut at 255 characters, its venue and impact-factor note lost."""
    bullet = (
        "-\t<strong>Yuhao Xiao</strong>, Chengliang Sun, Sheng Liu and Guoqiang Wu. "
        '<a href="https://doi.org/10.1038/s41378-026-01210-7">Exploring the synergic effect of thermal tuning</a>. '
        "*Microsyst. Nanoeng.*, 2026, 12: 93. (JCR:Q1; IF:9.9)  \n"
    )
    page = "# 📝 Publications\n\n" + BOX.format(badge="Microsyst. Nanoeng. 2026", image="m.svg", text="\n" + bullet)
    page += BOX.format(badge="JMEMS 2025", image="j.svg", text="\n" + bullet.replace("2026, 12: 93", "2025, 34(2)"))
    first, second = _papers(page)
    for paper in (first, second):
        assert paper.title == "Exploring the synergic effect of thermal tuning"
        assert _names(paper) == ["Yuhao Xiao!", "Chengliang Sun", "Sheng Liu", "Guoqiang Wu"]
        assert paper.doi == "10.1038/s41378-026-01210-7"
        assert paper.description == ""
    assert first.venue == "Microsyst. Nanoeng., 2026, 12: 93. (JCR:Q1; IF:9.9)"
    assert second.venue.startswith("Microsyst. Nanoeng., 2025, 34(2)")


def test_a_sub_heading_over_commented_out_papers_and_lines_kept_as_text_is_shown_over_those_lines():
    """A sub-heading, "### 专利和软件著作权", over a comment of old patents, then the live ones as bullets that are no
    papers: the heading went with the hidden papers and the live bullets were shown under no heading."""
    page = (
        "# 📝 论文专利\n\n### 英文\n---\n\n"
        + BOX.format(
            badge="AST 2025",
            image="a.svg",
            text="\n- Wen, Jiong-Ran, `Chuang-Jian Liang`, Yat-Sze Choy. "
            '"A Title of the Paper." Aerospace Science and Technology (2025): 110875.\n',
        )
        + "### 专利和软件著作权\n---\n"
        "<!-- - 康宜华, `唐健`. 一种基于铁磁性板的缺陷检测方法. [[网页]](https://example.org/patent) -->\n"
        "- `梁创楗`. ASUR智能农业机器人上位机系统V1.0(软件著作权，登记号：$2024SR0040258$)\n\n"
        "# 🏅 荣誉奖项\n\n- *2024* 获得 `国家奖学金`\n"
    )
    publications = parse_about(page).sections[0]
    assert [(paper.group, paper.published) for paper in publications.papers] == [
        ("英文", True),
        ("专利和软件著作权", False),
    ]
    assert publications.markdown == (
        "### 专利和软件著作权\n\n- `梁创楗`. ASUR智能农业机器人上位机系统V1.0(软件著作权，登记号：$2024SR0040258$)"
    )


def test_a_news_date_set_in_code_is_the_items_date():
    page = "# 🔥 News\n\n- `2026-04`: &nbsp;🎉 Three papers accepted to *ACL 2026*\n- `2025-09`: One paper\n"
    (news,) = parse_about(page).sections
    assert [(entry.date.written, entry.text) for entry in news.entries] == [
        ("2026-04", "🎉 Three papers accepted to *ACL 2026*"),
        ("2025-09", "One paper"),
    ]
    assert [entry.date.start.month for entry in news.entries] == [4, 9]


def test_where_a_paper_was_given_after_in_is_its_venue_beside_the_bold_tag():
    """Names, then "In The Fourteenth International Conference on Learning Representations, **ICLR 2026**" (120
    papers of one site): the full venue went under the paper as its description."""
    page = (
        "# Publications\n"
        "- ***BoRA: Towards More Expressive Low-Rank Adaptation with Block Diversity***, Shiwei Li, Xiandi Luo, "
        "***Xiuqiang He***, and Ruixuan Li, In The Fourteenth International Conference on Learning Representations, "
        "**ICLR 2026**\n"
    )
    (first,) = _papers(page)
    assert first.venue == "In The Fourteenth International Conference on Learning Representations"
    assert (first.venue_short, first.description) == ("ICLR 2026", "")
    assert _names(first)[-2:] == ["Xiuqiang He!", "Ruixuan Li"] and first.and_before_last
