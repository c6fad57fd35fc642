"""Generated libraries for benchmarks: N articles made from the news corpus's own sentences.

The 69 corpus files go through the real import pipeline once; each generated article then takes
a mixed title, 4-28 paragraphs drawn from the whole corpus (about the corpus's mean length),
its own URL and date, so that no two share an id and the text statistics stay Chinese news.

    from benchmarks.generate import build_library, generate_documents
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from reader.core.identity import document_id  # noqa: E402
from reader.core.importing.ingest import expand, ingest  # noqa: E402
from reader.core.library.store import Library  # noqa: E402
from reader.core.model import Document, InputError  # noqa: E402

NEWS_DIR = ROOT.parent / "shared" / "corpus" / "news"
_START_MS = 1_577_836_800_000  # 2020-01-01
_SPAN_MS = 5 * 365 * 24 * 3600 * 1000


@functools.cache
def corpus_documents(news_dir: Path = NEWS_DIR) -> tuple[Document, ...]:
    """The corpus articles as the importer makes them."""
    if not news_dir.is_dir():
        raise SystemExit(f"{news_dir} is missing: the benchmarks need the shared news corpus.")
    docs = []
    for path in expand([news_dir]):
        with contextlib.suppress(InputError):
            docs.append(ingest(path)[0])
    return tuple(docs)


def generate_documents(n: int, seed: int = 0) -> Iterator[Document]:
    """``n`` distinct articles (ids, titles, URLs, texts), the same for the same seed."""
    base = corpus_documents()
    paragraphs = [p for d in base for p in d.text.split("\n\n") if p.strip()]
    titles = [d.title for d in base]
    sources = sorted({d.source for d in base})
    rng = random.Random(seed)
    for i in range(n):
        first, second = rng.choice(titles), rng.choice(titles)
        title = f"{first[: len(first) // 2 + 1]}{second[len(second) // 2 :]} {i}"
        chosen = rng.sample(paragraphs, rng.randint(4, 28))
        text = "\n\n".join(chosen)
        source = rng.choice(sources)
        url = f"https://{source}/bench/{seed}/{i}"
        published = None if rng.random() < 0.02 else _START_MS + rng.randrange(_SPAN_MS)
        data = f"{title}\n{text}".encode()
        yield Document(
            id=document_id(url, data),
            title=title,
            url=url,
            published=published,
            source=source,
            html="".join(f"<p>{html.escape(p)}</p>" for p in chosen),
            text=text,
            format="news-mirror",
            content_hash=hashlib.sha256(data).hexdigest(),
        )


def build_library(root: Path, n: int, seed: int = 0, batch_size: int = 1_000) -> Library:
    """A library of ``n`` generated articles under ``root``, stored through ``Library.add``
    (search index included) in batches of ``batch_size`` per transaction, then the index
    merged into one segment as a bulk import of as many files leaves it."""
    library = Library(root)
    with library.batch() as batch:
        for i, doc in enumerate(generate_documents(n, seed), 1):
            library.add(doc, doc.text.encode(), ".txt")
            if i % batch_size == 0:
                batch.commit()
    library.optimize_index()
    return library
