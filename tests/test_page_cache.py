"""The disk cache of rendered pages: bounded, least recently used dropped first, atomic, damage-tolerant."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from reader.ui.page_cache import PageCache, entry_key


def _age(cache: PageCache, key: str, when: float) -> None:
    path = cache.folder / (key + ".img")
    os.utime(path, (when, when))


def test_an_entry_comes_back_as_written(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    key = entry_key("ab" * 32, 3, 1200)
    assert cache.get(key) is None
    assert cache.put(key, b"picture bytes")
    assert cache.get(key) == b"picture bytes"
    assert cache.put(key, b"another")  # replaced in place
    assert cache.get(key) == b"another"
    assert not [p for p in (tmp_path / "pages").iterdir() if p.name.endswith(".tmp")]


def test_keys_are_file_names_whatever_the_hash_holds(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    key = entry_key("../../etc/passwd", 1, 100)
    cache.put(key, b"x")
    assert [p.parent for p in (tmp_path / "pages").iterdir()] == [tmp_path / "pages"]
    assert cache.get(key) == b"x"


def test_a_damaged_entry_is_ignored_and_removed(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages")
    for n, damage in enumerate((lambda b: b[:-3], lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b"junk",
                                lambda b: b"")):
        key = entry_key("f" * 64, n, 500)
        cache.put(key, os.urandom(2000))
        path = tmp_path / "pages" / (key + ".img")
        path.write_bytes(damage(path.read_bytes()))
        assert cache.get(key) is None
        assert not path.exists()  # rebuilt by the next render


def test_the_cache_stays_under_its_bound_dropping_the_least_recently_used(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages", limit=20_000)
    keys = [entry_key("c" * 64, n, 300) for n in range(40)]
    for n, key in enumerate(keys):
        cache.put(key, bytes(1000))
        _age(cache, key, 1_000_000 + n)  # written one second apart, oldest first
        if n == 10:
            assert cache.get(keys[2]) is not None  # read now: from then on the most recently used of all
        assert cache.size() <= 20_000
    kept = {p.name.removesuffix(".img") for p in (tmp_path / "pages").iterdir()}
    assert keys[2] in kept
    assert keys[-1] in kept and keys[-2] in kept
    assert keys[0] not in kept and keys[1] not in kept and keys[3] not in kept
    dropped = [n for n, k in enumerate(keys) if k not in kept and n != 2]
    survivors = [n for n, k in enumerate(keys) if k in kept and n != 2]
    assert max(dropped) < min(survivors)  # oldest first, none skipped


def test_two_windows_share_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    caches = [PageCache(folder, limit=60_000), PageCache(folder, limit=60_000)]
    errors: list[BaseException] = []

    def work(cache: PageCache, seed: int) -> None:
        try:
            for n in range(150):
                key = entry_key("d" * 64, n % 40, 300)
                payload = bytes([seed]) * (500 + 37 * (n % 11))
                cache.put(key, payload)
                got = cache.get(entry_key("d" * 64, (n * 7) % 40, 300))
                assert got is None or len(set(got)) == 1  # a whole entry from one writer, never a mix
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(c, k + 1)) for k, c in enumerate(caches)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    caches[0].trim()
    assert caches[0].size() <= 60_000


def test_a_cache_that_cannot_be_written_is_only_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "pages"
    blocker.write_text("a file where the folder should be")
    cache = PageCache(blocker)
    assert cache.put(entry_key("e" * 64, 1, 10), b"x") is False
    assert cache.get(entry_key("e" * 64, 1, 10)) is None
    assert cache.size() == 0
