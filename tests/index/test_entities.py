"""Entities: the catalogue, the matcher's tolerances, filters, facets and expansion."""

import pytest

from index.catalogue import load_catalogue
from index.entities import EntityMatcher, UnknownEntity, resolve
from index.models import Filters
from index.search import SearchRequest
from index.store import Store

# Written by reading each seed.
SEED_ENTITIES = {
    "000": {
        "company": {"amazon", "broadcom", "foxconn", "google", "microsoft", "nvidia", "openai",
                    "tsmc"},
        "person": {"sam-altman"},
        "place": {"beijing", "taiwan", "united-states", "washington"},
        "product": {"stargate", "tpu"},
    },
    "001": {
        "company": {"foxconn", "g42", "hitachi", "mgx", "mubadala", "nvidia", "openai", "samsung",
                    "sk-hynix", "tsmc"},
        "person": {"cc-wei", "sam-altman"},
        "place": {"abu-dhabi", "asia", "japan", "middle-east", "south-korea", "taiwan", "uae",
                  "united-states"},
        "organisation": {"wsj"},
        "product": {"rubin", "stargate"},
    },
    "002": {
        "company": {"microsoft", "nvidia", "openai", "softbank", "tsmc"},
        "person": {"gina-raimondo", "masayoshi-son", "sam-altman"},
        "place": {"uae"},
    },
    "003": {
        "company": {"amd", "cerebras", "groq", "nvidia", "openai"},
        "person": {"jensen-huang", "sam-altman"},
        "product": {"chatgpt", "codex"},
    },
    "004": {
        "company": {"alphabet", "amazon", "ark-invest", "intel", "meta", "nvidia", "openai",
                    "samsung", "softbank", "tesla", "tsmc"},
        "person": {"jensen-huang", "joe-biden", "masayoshi-son", "sam-altman",
                   "tahnoun-bin-zayed"},
        "place": {"china", "gulf", "middle-east", "taiwan", "uae", "united-states"},
        "organisation": {"wsj"},
        "product": {"gpt-4"},
    },
}


@pytest.fixture(scope="module")
def matcher(catalogue):
    return EntityMatcher(catalogue)


def _found(matcher, text):
    return {(m.entity, m.text) for m in matcher.find([text])}


def test_catalogue_is_large_enough_and_well_formed(catalogue):
    assert len(catalogue.of_kind("company")) >= 60
    assert not catalogue.warnings
    for entity in catalogue:
        assert entity.id == entity.id.lower() and entity.id.isascii()
        assert entity.name and entity.name_ar


@pytest.mark.parametrize("seed", sorted(SEED_ENTITIES))
def test_each_seed_mentions_exactly_what_a_reader_finds(engine, seed):
    article_id = next(r.id for r in engine.search(SearchRequest("")).results
                      if r.id.startswith(seed))
    view = engine.store.article(article_id)
    by_kind: dict[str, set[str]] = {}
    for mention in view.mentions:
        by_kind.setdefault(mention.kind, set()).add(mention.entity)
    assert by_kind == SEED_ENTITIES[seed]


@pytest.mark.parametrize(("text", "expected"), [
    ("قالت وإنفيديا", {("nvidia", "إنفيديا")}),
    ("باعت لإنفيديا", {("nvidia", "إنفيديا")}),
    ("في بالإمارات", {("uae", "الإمارات")}),
    ("مع TSMC وFoxconn", {("tsmc", "TSMC"), ("foxconn", "Foxconn")}),
    ("الخاصة بـ OpenAI", {("openai", "OpenAI")}),
    ("المطورة لـ«شات جي بي تي»", {("chatgpt", "شات جي بي تي")}),
    ("شركة «إنفيديا» و\"Groq\"", {("nvidia", "إنفيديا"), ("groq", "Groq")}),
    ("رحلة إلى أبوظبي ثم أبو ظبي", {("abu-dhabi", "أبوظبي"), ("abu-dhabi", "أبو ظبي")}),
    ("شركة إيه إم دي", {("amd", "إيه إم دي")}),
    ("والتقى سامسونغ وسامسونج", {("samsung", "سامسونغ"), ("samsung", "سامسونج")}),
    ("لسام ألتمان ثم لألتمان", {("sam-altman", "سام ألتمان"), ("sam-altman", "ألتمان")}),
    ("للصين", {("china", "للصين")}),  # ل + الصين with the alef elided: the whole word
])
def test_matching_tolerates_clitics_quotes_and_scripts(matcher, text, expected):
    assert _found(matcher, text) == expected


def test_longest_alias_wins(matcher):
    assert _found(matcher, "الإمارات العربية المتحدة") == {("uae", "الإمارات العربية المتحدة")}
    assert _found(matcher, "شركة تايوان لصناعة أشباه الموصلات") == {
        ("tsmc", "تايوان لصناعة أشباه الموصلات")}


@pytest.mark.parametrize("text", [
    "يربي الإبل في الصحراء",  # ابل: camels, not Apple
    "استخدم apple في الوصفة",  # lower-case Latin
    "نظرية ميتا في الفلسفة",  # meta- as a word
    "مبادلة العملات بين البنكين",  # مبادلة: an exchange, not the fund
    "بقطر 300 ملم",  # قطر: a diameter, not Qatar
])
def test_ambiguous_aliases_are_not_matched_in_ordinary_words(matcher, text):
    assert _found(matcher, text) == set()


@pytest.mark.parametrize(("text", "entity"), [
    ("أعلنت شركة أبل نتائجها", "apple"),
    ("أعلنت Apple نتائجها", "apple"),
    ("استثمرت «ميتا» في الرقائق", "meta"),
    ("قالت Meta Platforms إن", "meta"),
])
def test_ambiguous_aliases_are_matched_where_safe(matcher, text, entity):
    assert entity in {e for e, _ in _found(matcher, text)}


def test_names_are_not_found_inside_other_words(matcher):
    assert _found(matcher, "الانتلجنسيا والتايوانيون والسامسونجيات") == set()


@pytest.mark.parametrize("company", ["tsmc", "nvidia", "openai", "samsung", "foxconn", "amd",
                                     "microsoft", "sk-hynix", "hitachi", "softbank"])
def test_filtering_by_company_returns_exactly_the_seeds_that_mention_it(engine, company):
    expected = {seed for seed, kinds in SEED_ENTITIES.items()
                if company in kinds.get("company", set())}
    response = engine.search(SearchRequest("", Filters(company=(company,))))
    assert {r.id[:3] for r in response.results} == expected


SPELLINGS = {
    "nvidia": ["Nvidia", "NVIDIA", "انفيديا", "إنفيديا", "لإنفيديا"],
    "openai": ["OpenAI", "openai", "أوبن إيه آي", "اوبن اي"],
    "samsung": ["Samsung", "سامسونج", "سامسونغ"],
    "sam-altman": ["Sam Altman", "سام ألتمان", "ألتمان", "Altman"],
    "tsmc": ["TSMC", "tsmc", "تي إس إم سي"],
    "foxconn": ["Foxconn", "فوكسكون", "فوكس كون"],
    "jensen-huang": ["Jensen Huang", "جينسن هوانغ", "جينسين هوانغ", "جنسن هوانج"],
}


@pytest.mark.parametrize("entity", sorted(SPELLINGS))
def test_every_spelling_finds_the_same_articles(engine, entity):
    sets = {spelling: {r.id for r in engine.search(SearchRequest(spelling, facets=False)).results}
            for spelling in SPELLINGS[entity]}
    expected = {r.id for r in engine.search(SearchRequest(
        "", Filters(**{engine.store.catalogue.get(entity).kind: (entity,)}))).results}
    assert all(found == expected for found in sets.values()), sets


def test_expansion_highlights_every_spelling(engine):
    response = engine.search(SearchRequest("Nvidia"))
    words = {p.text[s:e] for r in response.results for p in r.passages for s, e in p.hits}
    assert {"Nvidia", "NVIDIA", "إنفيديا"} <= words


def test_facets_are_counted_for_the_query_and_filters(engine):
    response = engine.search(SearchRequest("", Filters(company=("samsung",))))
    counts = {f.id: f.count for f in response.facets["company"]}
    assert counts["samsung"] == 2 and counts["openai"] == 2 and counts["sk-hynix"] == 1
    assert "broadcom" not in counts
    assert [f.count for f in response.facets["company"]] == sorted(counts.values(), reverse=True)
    places = {f.id: f.count for f in response.facets["place"]}
    assert places["taiwan"] == 2 and "washington" not in places


def test_several_filters_mean_all_of_them_unless_any(engine):
    both = engine.search(SearchRequest("", Filters(company=("samsung", "hitachi"))))
    either = engine.search(SearchRequest("", Filters(company=("samsung", "hitachi"), any_=True)))
    assert {r.id[:3] for r in both.results} == {"001"}
    assert {r.id[:3] for r in either.results} == {"001", "004"}


@pytest.mark.parametrize(("value", "kind", "entity"), [
    ("Nvidia", "company", "nvidia"), ("إنفيديا", "company", "nvidia"),
    ("لإنفيديا", "company", "nvidia"), ("NVIDIA", "company", "nvidia"),
    ("Sam Altman", "person", "sam-altman"), ("sk-hynix", "company", "sk-hynix"),
    ("أبوظبي", "place", "abu-dhabi"), ("TSMC", "company", "tsmc"),
])
def test_filter_values_resolve_in_either_script(matcher, value, kind, entity):
    assert resolve(matcher, value, kind).id == entity


def test_an_unknown_filter_value_names_the_closest_entities(matcher):
    with pytest.raises(UnknownEntity) as error:
        resolve(matcher, "Nvidai", "company")
    assert "nvidia" in str(error.value)


def test_user_catalogue_adds_and_overrides(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('company = [{ id = "acme-chips", name = "Acme Chips", ar = "أكمي للرقائق", '
                    'aliases = ["أكمي"] }, { id = "nvidia", name = "Nvidia", ar = "إنفيديا", '
                    'aliases = ["نفيديه"] }]\n', "utf-8")
    catalogue = load_catalogue(user)
    assert not catalogue.warnings
    assert catalogue.get("acme-chips").name_ar == "أكمي للرقائق"
    assert "نفيديه" in catalogue.get("nvidia").aliases and "NVIDIA" in catalogue.get("nvidia").aliases
    matcher = EntityMatcher(catalogue)
    assert {e for e, _ in _found(matcher, "تعاونت أكمي مع نفيديه")} == {"acme-chips", "nvidia"}


def test_a_malformed_user_catalogue_is_reported_with_its_line(tmp_path):
    user = tmp_path / "broken.toml"
    user.write_text('company = [\n  { id = "x", name = "X" },\n  { id = "y" name = }\n]\n', "utf-8")
    catalogue = load_catalogue(user)
    assert len(catalogue.warnings) == 1
    assert str(user) in catalogue.warnings[0] and "line 3" in catalogue.warnings[0]
    assert catalogue.get("nvidia") is not None  # the built-in catalogue still works


def test_invalid_entries_are_reported_and_skipped(tmp_path):
    user = tmp_path / "odd.toml"
    user.write_text('company = [{ id = "Bad Id", name = "B" }, { id = "ok", name = "Ok" }]\n'
                    'planet = [{ id = "mars", name = "Mars" }]\n', "utf-8")
    catalogue = load_catalogue(user)
    assert catalogue.get("ok") is not None
    assert any("Bad Id" in w for w in catalogue.warnings)
    assert any("planet" in w for w in catalogue.warnings)


def test_an_article_in_other_spellings_gets_the_right_facets(tmp_path, catalogue):
    article = tmp_path / "new.txt"
    article.write_text(
        "هواوى تنافس إنڤيديا\n"
        "أعلنت شركة هواوى الصينية وشركة كوالكم عن شراكة مع تي اس ام سي في هسينشو، "
        "فيما قال جنسن هوانج إن ميكروسوفت وغوغل كلاود ستشتريان رقائق بلاكويل. "
        "وزار إيلون ماسك سيول والرياض، وتحدث عن أنثروبيك وديبسيك.", "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([article])
    view = store.article("new")
    found = {m.entity for m in view.mentions}
    # سيول stands in a list next to الرياض, a sure place: it is the city.
    assert found == {"huawei", "nvidia", "qualcomm", "tsmc", "hsinchu", "jensen-huang",
                     "microsoft", "google", "blackwell", "elon-musk", "riyadh", "seoul", "anthropic",
                     "deepseek"}


def test_unknown_candidates_are_latin_and_quoted_names(matcher):
    unknown = matcher.unknown(["قالت «زيفيرا» إن Quantix Labs تعمل مع «إنفيديا» وOpenAI"])
    assert set(unknown) == {"زيفيرا", "Quantix Labs"}
