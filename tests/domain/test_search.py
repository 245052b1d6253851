"""What a search box's text is searched for (domain/search.py)."""

from goldenthread.domain.search import SEARCH_CUT, SEARCH_LIMIT, Search


def test_words_are_split_on_any_space_and_kept_once_in_order():
    search = Search.of("  payroll\tON\n time  payroll ")
    assert search.text == "payroll ON time payroll"
    assert search.words == ("payroll", "ON", "time")
    assert not search.cut and search.notice == ""


def test_nothing_typed_searches_for_nothing():
    for typed in (None, "", "   \n"):
        assert not Search.of(typed)
        assert Search.of(typed).words == ()


def test_text_longer_than_the_limit_is_cut_and_says_so():
    search = Search.of("a" * (SEARCH_LIMIT - 1) + " bcd" + "x" * 10_000)
    assert search.cut and len(search.text) <= SEARCH_LIMIT
    assert search.words == ("a" * (SEARCH_LIMIT - 1),)
    assert search.notice == SEARCH_CUT == "Only the first 100 characters of your search were used."


def test_text_at_the_limit_is_used_whole():
    search = Search.of("b" * SEARCH_LIMIT)
    assert not search.cut and search.text == "b" * SEARCH_LIMIT


def test_wildcards_and_formulas_are_words_like_any_other():
    assert Search.of("100% a_b =SUM(A1)").words == ("100%", "a_b", "=SUM(A1)")


def test_control_characters_are_spaces():
    """A NUL (which PostgreSQL cannot store or compare) or a tab is never searched for."""
    assert Search.of("pay\x00roll\x1b\tqueries").words == ("pay", "roll", "queries")
