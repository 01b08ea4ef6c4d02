"""`make bench` writes its goals table into README.md between markers (bench/goals.py)."""
from __future__ import annotations

from bench.goals import END, START, Goal, markdown, write_readme
from tests.conftest import ROOT


def test_a_goal_is_met_by_its_figure_or_by_its_ratio_to_the_floor():
    assert Goal.against("rss", 94.0, 66.0, 100, unit=" MB").met
    assert not Goal.against("job", 13.0, 5.0, 2.5, by_ratio=True).met  # 2.6x
    assert Goal.against("rate", 350.0, 2000.0, 300, at_least=True).met
    assert not Goal.against("rate", 250.0, 2000.0, 300, at_least=True).met


def test_the_table_replaces_what_stands_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nbefore\n{START}\nold table\n{END}\nafter\n")
    text = markdown([Goal.against("rss", 94.0, 66.0, 100, unit=" MB")], ["bench/ocr.py: not in this tree"])
    assert write_readme(readme, text, "From a run:")
    content = readme.read_text()
    assert "old table" not in content and "| rss | 94.0 | 66.0 | 1.4 | <= 100 MB | met |" in content
    assert content.startswith("# x\n\nbefore\n") and content.endswith(f"{END}\nafter\n")
    assert "not measured in this run: bench/ocr.py" in content


def test_the_readme_has_the_markers():
    content = (ROOT / "README.md").read_text()
    assert content.count(START) == content.count(END) == 1
