"""Site settings: read and checked like records, and shown where the settings say."""

from __future__ import annotations

import re
from pathlib import Path

from generator.project import Project, Settings
from generator.settings import read_settings

from .conftest import build_site_at, copy_demo


def write_settings(root: Path, text: str) -> None:
    (root / "site_config/settings.yaml").write_text(text, encoding="utf-8")


def test_the_demo_settings_read_as_written() -> None:
    from .conftest import REPO

    reading = read_settings(Project(REPO))
    assert reading.problems == []
    assert reading.settings == Settings(
        site_name="西南交通大学工会信息公开", union_name="西南交通大学工会", contact_phone="028-66366000",
        contact_email="gonghui@example.edu.cn", contact_address="犀浦校区行政楼（示例地址）",
        publicity_min_days=5, proposal_min_cosigners=2, unconsented_proposals="title_only",
        public_numbers=(), guide_in_nav=True)


def test_a_missing_settings_file_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "site_config").mkdir()
    assert read_settings(Project(tmp_path)).settings == Settings()


def test_a_wrong_value_keeps_the_default_and_is_reported(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    write_settings(root, "site_name: 测试\nunion_name: 测试工会\npublicity_min_days: 五天\n"
                         "public_numbers: [028-87600000, '13900000000']\n")
    reading = read_settings(Project(root))
    assert [(p.code, p.line, p.col) for p in reading.problems] == [("wrong-type", 3, 21)]
    assert reading.settings.publicity_min_days == 5
    assert reading.settings.public_numbers == ("028-87600000", "13900000000")


def test_footer_logo_and_hidden_proposals_follow_the_settings(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    (root / "content/assets").mkdir()
    (root / "content/assets/logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    settings = (root / "site_config/settings.yaml").read_text(encoding="utf-8")
    settings = settings.replace("# logo: assets/logo.png", "logo: assets/logo.svg")
    settings = settings.replace("# icp_number: 蜀ICP备12345678号-1", "icp_number: 蜀ICP备12345678号-1")
    settings = settings.replace("unconsented_proposals: title_only", "unconsented_proposals: hidden")
    write_settings(root, settings)
    site = build_site_at(root, root / "site")
    home = (site / "index.html").read_text(encoding="utf-8")
    footer = home[home.index('<div class="md-copyright us-footer">'):home.index("</footer>")]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", footer)).split() == [
        "西南交通大学工会", "地址：犀浦校区行政楼（示例地址）", "电话：", "028-66366000", "邮箱：",
        "gonghui@example.edu.cn", "蜀ICP备12345678号-1"]
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">蜀ICP备12345678号-1</a>' in footer
    assert '<img src="assets/logo.svg" alt="logo">' in home
    # P2017-009's proposer did not consent: with "hidden" it is nowhere, pages or open data.
    assert not (site / "proposals/2017/P2017-009").exists()
    leaks = [p.relative_to(site).as_posix() for p in site.rglob("*")
             if p.suffix in (".html", ".json", ".csv", ".ics", ".xml") and "P2017-009" in p.read_text("utf-8")]
    assert leaks == []


def nav_titles(site: Path) -> list[str]:
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = home[home.index('<nav class="md-tabs"'):home.index("</nav>", home.index('<nav class="md-tabs"'))]
    return [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', tabs)]


def test_the_guide_is_in_the_navigation_unless_the_settings_hide_it(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    assert (root / "content/guide/index.md").is_file() and (root / "content/guide/problems.md").is_file()
    (root / "content/guide/zz-local.md").write_text("# 本校补充\n", encoding="utf-8")
    shown = build_site_at(root, root / "shown")
    assert nav_titles(shown)[-1] == "工作指南"
    guide = (shown / "guide/index.html").read_text(encoding="utf-8")
    assert [t for t in re.findall(r'<a href="([^"]+)" class="md-nav__link', guide) if "problems" in t or "zz" in t] \
        == ["problems/", "zz-local/"]  # after index, in the guide's own order
    settings = (root / "site_config/settings.yaml").read_text(encoding="utf-8")
    write_settings(root, settings.replace("guide_in_nav: true", "guide_in_nav: false"))
    hidden = build_site_at(root, root / "hidden", build_date=None)
    assert "工作指南" not in nav_titles(hidden)
    assert (hidden / "guide/index.html").is_file()  # still built, for whoever has the address


def test_a_site_without_the_settings_schemas_still_reads_its_settings(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "root")
    for name in ("settings.yaml", "settings_public_numbers.yaml"):
        (root / "site_config/schemas" / name).unlink()
    reading = read_settings(Project(root))
    assert [(p.code, p.severity.value) for p in reading.problems] == [("config", "warning")]
    assert reading.settings.union_name == "西南交通大学工会" and reading.settings.public_numbers == ()
