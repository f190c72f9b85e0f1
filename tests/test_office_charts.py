"""Charts: PNGs with every Chinese glyph drawn from the bundled font, byte-identical run to run."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("pylopdf_fonts_zh_cn")

from conftest import EXAMPLE

from jxpj import score_file
from jxpj.office.charts import budget_chart, font_path, groups, score_rate_chart, write_charts

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def result():
    return score_file(EXAMPLE / "evidence.yaml")


def glyph_warnings(draw) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_the_detector_sees_missing_glyphs_without_the_cjk_font(tmp_path):
    """Control: drawing Chinese in matplotlib's default font does warn, so silence below means something."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def draw():
        figure = Figure()
        FigureCanvasAgg(figure)
        figure.add_subplot().set_title("得分率")
        figure.savefig(tmp_path / "control.png")

    assert glyph_warnings(draw)


def test_charts_have_no_missing_glyphs(result, tmp_path):
    charts = []
    assert glyph_warnings(lambda: charts.extend(write_charts(result, tmp_path))) == []
    assert [(c.path.name, c.title, c.after) for c in charts] == [
        ("budget_execution.png", "预算执行情况", "表 1-1"),
        ("score_rates.png", "各指标得分率", "表 3-1"),
    ]
    for chart in charts:
        data = chart.path.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000
        assert b"Software" not in data and b"matplotlib" not in data  # no version stamp


def test_charts_are_byte_identical(result, tmp_path):
    a = score_rate_chart(result, tmp_path / "a.png").read_bytes()
    b = score_rate_chart(result, tmp_path / "b.png").read_bytes()
    assert a == b
    assert budget_chart(result, tmp_path / "c.png").read_bytes() == budget_chart(result, tmp_path / "d.png").read_bytes()


def test_chart_size_is_fixed(result, tmp_path):
    from PIL import Image

    with Image.open(budget_chart(result, tmp_path / "b.png")) as image:
        assert image.size == (885, 510)  # 15 cm (the printed width) × 3.4 inches at 150 dpi


def test_groups_are_the_second_level(result):
    assert [n.code for n in groups(result)] == ["A1", "A2", "B1", "B2", "B3", "C1", "C2", "C3"]


def test_font_is_noto_sans_sc():
    from matplotlib import font_manager

    assert font_manager.FontProperties(fname=str(font_path())).get_name() == "Noto Sans SC"


def test_global_matplotlib_settings_are_left_alone(result, tmp_path):
    import matplotlib

    before = matplotlib.rcParams["font.family"]
    score_rate_chart(result, tmp_path / "a.png")
    assert matplotlib.rcParams["font.family"] == before


def test_links_number_the_figures_in_reading_order(result):
    from jxpj.office.charts import links

    assert links(result) == {
        "budget": {"path": "charts/budget_execution.png", "title": "预算执行情况", "caption": "图 1　预算执行情况"},
        "scores": {"path": "charts/score_rates.png", "title": "各指标得分率", "caption": "图 2　各指标得分率"},
    }
