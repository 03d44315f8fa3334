"""The built site served from a sub-path (https://example.edu.cn/gonghui/), as GitLab and GitHub Pages do."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Response, expect

from tests.browser.support import PageFactory, serve_directory

SUB_PATH = "gonghui/"


@pytest.fixture(scope="module")
def served_under_sub_path(built_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    host_root = tmp_path_factory.mktemp("host")
    shutil.copytree(built_demo, host_root / SUB_PATH)
    (host_root / "index.html").write_text("<p>学校主页</p>", encoding="utf-8")  # the host's own page
    with serve_directory(host_root) as url:
        yield url + SUB_PATH


def test_every_request_stays_inside_the_sub_path_and_succeeds(new_page: PageFactory,
                                                                served_under_sub_path: str) -> None:
    page = new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(served_under_sub_path)
    page.get_by_role("link", name="提案", exact=True).first.click()
    page.get_by_role("link", name="关于开设教职工子女暑期托管班的建议").first.click()
    expect(page.locator("h1")).to_have_text("第1号提案：关于开设教职工子女暑期托管班的建议")
    page.get_by_role("link", name="工作指南", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("工作指南")
    assert page.url == served_under_sub_path + "guide/"
    failed = [(r.status, r.url) for r in responses if r.status >= 400]
    outside = [r.url for r in responses if not r.url.startswith(served_under_sub_path)]
    assert (failed, outside) == ([], [])
    stylesheet = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert stylesheet == "sticky"  # the theme's CSS loaded from under the sub-path
