"""Pictures go into the build folder by their real type, whatever their URL says."""

from PIL import Image

from seriesbook.artifacts import install_image
from tests.support.paths import ROOT

PNG = ROOT / "samples" / "figure-iterate.png"


def test_png_served_as_jpg_keeps_its_real_suffix(tmp_path):
    disguised = tmp_path / "photo.jpg"
    disguised.write_bytes(PNG.read_bytes())
    name = install_image(disguised, tmp_path)
    assert name.endswith(".png") and (tmp_path / name).read_bytes() == PNG.read_bytes()
    assert install_image(disguised, tmp_path) == name  # named by content: installed once


def test_other_bitmaps_become_png_and_non_pictures_are_refused(tmp_path):
    Image.new("RGB", (8, 8), "red").save(tmp_path / "a.gif")
    name = install_image(tmp_path / "a.gif", tmp_path)
    assert name.endswith(".png") and Image.open(tmp_path / name).format == "PNG"
    (tmp_path / "b.png").write_text("<html>not found</html>")
    assert install_image(tmp_path / "b.png", tmp_path) is None
