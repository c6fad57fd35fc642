"""The image preferences (issue 12): ``load_images`` (off by default) and ``image_proxy``
("none" by default, "system" or a proxy's address kept as written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.userdata.prefs import BY_NAME, Preferences


def _write(root: Path, data: object) -> None:
    (root / "settings.json").write_text(json.dumps(data), encoding="utf-8")


def test_images_are_not_loaded_and_no_proxy_by_default(tmp_path: Path) -> None:
    _write(tmp_path, {"version": 2, "zoom": 2})  # a file from before these options
    prefs = Preferences(tmp_path)
    assert prefs.warning is None
    assert prefs.load_images is False
    assert prefs.image_proxy == "none"
    assert "asks the sites" in BY_NAME["load_images"].description


@pytest.mark.parametrize("proxy", ["system", "socks5h://127.0.0.1:9050", "http://proxy.lan:3128"])
def test_the_choices_are_saved_and_read_back(tmp_path: Path, proxy: str) -> None:
    prefs = Preferences(tmp_path)
    prefs.set("load_images", True)
    prefs.set("image_proxy", proxy)
    prefs.save()
    on_disk = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert (on_disk["load_images"], on_disk["image_proxy"]) == (True, proxy)
    again = Preferences(tmp_path)
    assert (again.load_images, again.image_proxy) == (True, proxy)
    again.set("image_proxy", "none")  # the default: left out, a later default applies
    again.save()
    assert "image_proxy" not in json.loads((tmp_path / "settings.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("load_images", "yes", "true or false"),
        ("image_proxy", "  ", "one of 'none', 'system' or a proxy's address"),
        ("image_proxy", 9050, "or a proxy's address"),
        ("image_proxy", "socks5h://" + "a" * 300 + ":9050", "or a proxy's address"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused(
    tmp_path: Path, name: str, value: object, allowed: str
) -> None:
    prefs = Preferences(tmp_path)
    with pytest.raises(ValueError, match=rf"^{name} must be .*{allowed}"):
        prefs.set(name, value)
    assert not prefs.dirty


def test_wrong_stored_types_give_the_defaults_said_once(tmp_path: Path) -> None:
    _write(tmp_path, {"version": 2, "load_images": "yes", "image_proxy": ["socks5h://x:1"]})
    prefs = Preferences(tmp_path)
    assert (prefs.load_images, prefs.image_proxy) == (False, "none")
    assert "image_proxy: 1, load_images: 1" in (prefs.warning or "")
    assert Preferences(tmp_path).warning is None


def test_a_stored_address_is_kept_as_written_never_swapped_for_a_direct_connection(
    tmp_path: Path,
) -> None:
    """A mistyped proxy must not become "none": whoever fetches checks it and refuses."""
    _write(tmp_path, {"version": 2, "image_proxy": "sock5h://127.0.0.1:9050"})
    prefs = Preferences(tmp_path)
    assert prefs.warning is None
    assert prefs.image_proxy == "sock5h://127.0.0.1:9050"
