"""fahras's codec writes every posting list, however short, as array blocks."""

from __future__ import annotations

from fahras.index.codec import ArrayLeafMatcher, posting_arrays
from fahras.index.store import Store


def test_a_term_in_one_article_is_in_array_blocks_not_inlined(seed_index, catalogue):
    with Store(seed_index, catalogue).open().searcher() as searcher:
        reader = searcher.reader()
        single = next(term for term, info in reader.iter_field("body")
                      if info.doc_frequency() == 1 and info.max_weight() == 1)
        matcher = reader.postings("body", single)
        assert isinstance(matcher, ArrayLeafMatcher)
        ids, weights = posting_arrays(matcher)
        assert len(ids) == 1 and list(weights) == [1.0]
        assert not reader.term_info("body", single).is_inlined()
