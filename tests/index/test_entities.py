"""Entities: the catalogue, the matcher's tolerances, filters, facets and expansion."""

import tomllib

import pytest

from fahras.index.catalogue import BUILTIN, CatalogueError, add_to_user_catalogue, load_catalogue
from fahras.index.entities import EntityMatcher, UnknownEntity, resolve
from fahras.index.listing import spellings, unknown_names
from fahras.index.models import KINDS, Filters
from fahras.index.search import SearchRequest
from fahras.index.spelling import similar, skeleton, spelled_out, variants
from fahras.index.store import Store

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
                     "microsoft", "google", "blackwell", "elon-musk", "riyadh", "seoul",
                     "anthropic", "deepseek"}


def test_unknown_candidates_are_latin_and_quoted_names(matcher):
    unknown = matcher.unknown(["قالت «زيفيرا» إن Quantix Labs تعمل مع «إنفيديا» وOpenAI"])
    assert set(unknown) == {"زيفيرا", "Quantix Labs"}


# -- the catalogue as data ----------------------------------------------------------------

def _raw_catalogue() -> dict:
    return tomllib.loads(BUILTIN.read_text("utf-8"))


def test_catalogue_ids_are_unique_and_each_kind_is_sorted():
    raw = _raw_catalogue()
    ids = [entry["id"] for kind in KINDS for entry in raw.get(kind, [])]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    for kind in KINDS:
        kind_ids = [entry["id"] for entry in raw.get(kind, [])]
        assert kind_ids == sorted(kind_ids), kind
    assert all(words == sorted(words) for name, words in raw["rules"].items()
               if name not in ("units",)), "rules are kept sorted"


def test_context_rules_name_real_entities(catalogue):
    assert catalogue.context and catalogue.cues
    for entity_id, others in catalogue.context.items():
        assert catalogue.get(entity_id) and all(catalogue.get(o) for o in others), entity_id
    for entity_id, phrases in catalogue.cues.items():
        assert catalogue.get(entity_id).kind == "person" and all(p.strip() for p in phrases)


def test_catalogue_covers_people_and_the_industry_places(catalogue):
    assert len(catalogue.of_kind("person")) >= 80
    assert len(catalogue.of_kind("place")) >= 75
    for entity_id in ("jensen-huang", "lisa-su", "lip-bu-tan", "howard-lutnick",
                      "jin-zhuanglong", "henna-virkkunen", "hsinchu", "tainan", "pyeongtaek",
                      "hwaseong", "eindhoven", "veldhoven", "dresden", "phoenix", "austin",
                      "santa-clara", "shenzhen", "kumamoto"):
        assert catalogue.get(entity_id) is not None, entity_id


def _in_context(entity, alias: str) -> list[str]:
    """An article where ``alias`` must name ``entity``: quoted if it is ambiguous, with
    the full name in another paragraph if it is a one-word person alias."""
    sentence = f"وقال التقرير إن «{alias}» أعلنت أمس" if alias in entity.ambiguous \
        else f"وقال التقرير إن {alias} أعلنت أمس"
    return [f"تقرير عن {entity.name_ar}", sentence, f"وذكر {entity.name} ذلك"]


def test_every_alias_is_reachable(matcher, catalogue):
    unreachable = []
    for entity in catalogue:
        for alias in entity.all_aliases:
            found = matcher.find(_in_context(entity, alias))
            if not any(m.paragraph == 1 and m.entity == entity.id and alias in m.text
                       for m in found):
                unreachable.append(f"{entity.id}: {alias}")
    assert not unreachable


# -- spellings nobody listed --------------------------------------------------------------

@pytest.mark.parametrize(("text", "entity", "spelling"), [
    ("قالت نيفيديا إن الطلب قوي", "nvidia", "نيفيديا"),
    ("وقال جنسن هوانج إن الطلب قوي", "jensen-huang", "جنسن هوانج"),
    ("أعلنت سام سونغ عن هاتف", "samsung", "سام سونغ"),
    ("رحل بات غيلسنجر عن إنتل", "pat-gelsinger", "بات غيلسنجر"),
    ("رحل بات جيلنسجر عن إنتل", "pat-gelsinger", "بات جيلنسجر"),
    ("كشفت أوبنAI عن نموذج", "openai", "أوبنAI"),
    ("المصانع في الولاياتالمتحدة", "united-states", "الولاياتالمتحدة"),
    ("وصل إلى بيونغ تايك", "pyeongtaek", "بيونغ تايك"),
    ("وتعمل وسامسونغ وانفيديا", "nvidia", "انفيديا"),
    ("المولود باسم جنسن هاونغ", "jensen-huang", "جنسن هاونغ"),  # two vowels trade places
    ("قالت يو إم سي التايوانية", "umc", "يو إم سي"),  # an acronym spelt out
    ("خدمات إيه دبليو إس السحابية", "aws", "إيه دبليو إس"),
])
def test_spellings_nobody_listed_are_matched(matcher, text, entity, spelling):
    assert (entity, spelling) in _found(matcher, text)


@pytest.mark.parametrize(("text", "entity"), [
    ("هناك طلب قوي على الرقائق", "jensen-huang"),  # هناك is within three edits of هوانغ
    ("قال الوزير الأمريكي إن", "united-states"),  # an adjective, not أمريكا
    ("المطبخ الشنغهايي", "shanghai"),  # an adjective made with a final ي
    ("زار الرئيس الفرنسي المصنع", "france"),
    ("اجتمعت الدول الكبرى", "dell"),  # short names are never varied
    ("قال ماكرون إن فرنسا", "micron"),  # an exact alias of another entity wins
    ("قالت وزيرة التجارة الأمريكية", "us-commerce-department"),  # Arabic words not varied
    ("رحلة إلى أبوظبي", None),  # إلى is no half of a split name
    ("قال إي يو إن", "european-union"),  # two letters are never spelt out (EU)
])
def test_generated_spellings_make_no_false_links(matcher, text, entity):
    found = _found(matcher, text)
    assert all(e != entity for e, _ in found)
    if entity is None:
        assert found == {("abu-dhabi", "أبوظبي")}


@pytest.mark.parametrize("alias", ["انفيديا", "سامسونغ", "غيلسنغر", "هوانغ", "كوالكوم",
                                   "بيونغتايك"])
def test_the_recogniser_accepts_every_generated_variant(alias):
    made = list(variants(alias))
    assert len(made) > 20
    assert all(similar(v, alias) for v in made)
    assert all(skeleton(v) == skeleton(alias) for v in made)


def test_spelled_out_acronyms_are_generated_not_listed(matcher):
    assert matcher.spelling_of("يو إم سي") == ("يو إم سي", False)
    assert matcher.spelling_of("إن إكس بي") == ("إن إكس بي", True)
    assert spelled_out("EU") == [] and spelled_out("Arm") == []


def test_short_names_have_no_variants():
    assert list(variants("ديل")) == ["ديل"]
    assert not similar("دول", "ديل")


# -- context rules ------------------------------------------------------------------------

def _ids(matcher, paragraphs):
    return {m.entity for m in matcher.find(paragraphs)}


def test_a_surname_alone_is_a_namesake(matcher):
    samsung = ["عينت سامسونج هوانغ سانغ جون رئيسا للرقائق", "وقال هوانغ إن الشركة ستنمو"]
    assert "jensen-huang" not in _ids(matcher, samsung)


@pytest.mark.parametrize("support", ["وكان جنسن هوانغ قد قال", "وقال مؤسس إنفيديا"])
def test_a_surname_links_with_the_full_name_or_a_cue(matcher, support):
    assert "jensen-huang" in _ids(matcher, ["وقال هوانغ إن الطلب قوي", support])


@pytest.mark.parametrize(("paragraphs", "linked"), [
    (["وقال آمون إن كوالكم ستنمو"], True),  # a context entity of a distinctive surname
    (["وقال آمون إن الطلب قوي"], False),
    (["وقال هوانغ إن إنفيديا ستنمو"], False),  # Huang has none: namesakes abound
])
def test_a_distinctive_surname_links_with_its_context(matcher, paragraphs, linked):
    found = _ids(matcher, paragraphs)
    assert bool(found & {"cristiano-amon", "jensen-huang"}) is linked


def test_some_surnames_stand_alone_by_rule(matcher):
    assert "donald-trump" in _ids(matcher, ["قال ترامب إن الرسوم باقية"])
    assert "elon-musk" not in _ids(matcher, ["قال ماسك الدفاتر إن"])


@pytest.mark.parametrize("text", ["بتقنية 0,13 مايكرون", "بسمك 2 ميكرون", "نحو 70 ميكرون"])
def test_a_unit_after_a_number_is_never_micron(matcher, text):
    # Not even in an article that names the company for sure elsewhere.
    found = matcher.find([text, "وقالت شركة ميكرون تكنولوجي"])
    assert [m.paragraph for m in found if m.entity == "micron"] == [1]
    assert "micron" not in _ids(matcher, [text])


@pytest.mark.parametrize(("text", "linked"), [
    ("رفعت شركة مايكرون توقعاتها", True),
    ("تنافس سامسونج وإس كيه هاينكس ومايكرون", True),  # listed next to sure companies
    ("رفعت مايكرون الأمريكية توقعاتها", True),
    ("قالت ميكرون إن الطلب قوي", True),  # a reporting verb: units do not speak
    ("دقة مايكرون واحد", False),
])
def test_a_unit_name_links_only_in_a_company_context(matcher, text, linked):
    assert ("micron" in _ids(matcher, [text])) is linked


@pytest.mark.parametrize(("text", "linked"), [
    ("بعد آبل، أعلنت جوجل", True),  # آبل with its madda is never the camels
    ("بعد أبل، أعلنت جوجل", True),
    ("بعد ابل، أعلنت جوجل", False),
    ("يربي الإبل في الصحراء", False),
    ("قالت جوجل وميتا إن", True),
    ("نظرية ميتا في الفلسفة", False),
])
def test_ambiguous_names_link_by_spelling_and_lists(matcher, text, linked):
    found = _ids(matcher, [text])
    assert ({"apple", "meta"} & found != set()) is linked


@pytest.mark.parametrize(("paragraphs", "entity", "linked"), [
    (["وقالت سامسونج إن مصنعها قرب سيول"], "seoul", True),  # a context entity of Seoul
    (["ضربت سيول جارفة القرى"], "seoul", False),  # floods
    (["أعلن مارك زوكربيرغ أن ميتا ستبني"], "meta", True),  # its chief executive
    (["بنت المصانع قرب أوستن بولاية تكساس"], "austin", True),  # a cue word after it
    (["التقى لويد أوستن مسؤولين في تكساس"], "austin", False),  # a namesake, Texas or not
])
def test_context_entities_make_an_ambiguous_name_safe(matcher, paragraphs, entity, linked):
    assert (entity in _ids(matcher, paragraphs)) is linked


def test_cue_words_are_data_a_user_file_can_extend(tmp_path):
    text = ["قال مصدر إن ميتا ستنفق المزيد"]
    assert "meta" not in _ids(EntityMatcher(load_catalogue(use_default_user_file=False)), text)
    own = tmp_path / "mine.toml"
    own.write_text('[rules]\nbefore = ["مصدر"]\n', "utf-8")
    changed = EntityMatcher(load_catalogue(own))
    assert "meta" not in _ids(changed, text)  # مصدر is not just before ميتا
    assert "meta" in _ids(changed, ["قال مصدر ميتا إن"])
    assert load_catalogue(own).fingerprint != load_catalogue(use_default_user_file=False
                                                            ).fingerprint


# -- discovery ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("أعلنت شركة زيفيرا عن رقاقة", "زيفيرا"),
    ("قال الرئيس التنفيذي لنوفاتك إن", "نوفاتك"),
    ("قال الرئيس التنفيذي لـ نوفاتك إن", "نوفاتك"),
    ("وتنافس كوانتكس الصينية في السوق", "كوانتكس"),
    ("أطلقت “رقائقنا” منتجها", "رقائقنا"),
    ('أطلقت "سيليكا" منتجها', "سيليكا"),
    ("وأعلنت فيرونا (Verona) عن", "فيرونا"),
    ("وقالت Quantix Labs إن", "Quantix Labs"),
    ("في بث مباشر لشبكة فورموزا الإخبارية", "فورموزا"),
])
def test_unknown_names_come_from_arabic_cues_quotes_and_latin(matcher, text, name):
    assert name in matcher.unknown([text])


@pytest.mark.parametrize("text", [
    "أعلنت شركة ناشئة عن رقاقة",  # a common word after the cue
    "وأكثر من عشرين شركة تكنولوجية أخرى",  # an adjective
    "تستخدم ذاكرة NAND وHBM ورقائق H100",  # acronyms and model names
    "وقالت الشركة الصينية إن",  # the article: an ordinary noun
    "قال «إن الطلب يفوق المعروض»",  # a quote of speech, not a name
    "قالت شركة إنفيديا إن",  # a known entity
])
def test_unknown_names_leave_out_noise(matcher, text):
    assert not matcher.unknown([text])


def test_unknown_names_are_ranked_by_articles(tmp_path, catalogue):
    folder = tmp_path / "news"
    folder.mkdir()
    for n, text in enumerate(["شركة زيفيرا وشركة زيفيرا وشركة زيفيرا\nنص", "شركة نوفاتك\nأول",
                              "شركة نوفاتك\nثان"]):
        (folder / f"{n}.txt").write_text(text, "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([folder])
    assert unknown_names(store).most_common() == [("نوفاتك", 2), ("زيفيرا", 1)]


def test_spellings_list_what_the_corpus_has_and_what_was_generated(tmp_path, catalogue):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("نيفيديا تربح\nقالت إنفيديا ونيفيديا", "utf-8")
    (folder / "b.txt").write_text("سام سونغ تخسر\nقالت وإنفيديا", "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([folder])
    rows = spellings(store, "nvidia")
    assert rows == [
        {"spelling": "إنفيديا", "mentions": 2, "articles": 2, "listed": True},
        {"spelling": "نيفيديا", "mentions": 2, "articles": 1, "listed": False},
    ]


# -- the user catalogue -------------------------------------------------------------------

def test_a_new_entity_and_then_an_alias_are_appended(tmp_path):
    own = tmp_path / "config" / "entities.toml"
    entity = add_to_user_catalogue(own, "company", "zephyra", "زيفيرا", name="Zephyra")
    assert entity.name == "Zephyra" and "زيفيرا" in entity.aliases
    entity = add_to_user_catalogue(own, "company", "zephyra", "زفيرا")
    assert {"زيفيرا", "زفيرا", "Zephyra"} <= set(entity.all_aliases)
    assert "zephyra" in _ids(EntityMatcher(load_catalogue(own)), ["قالت زفيرا إن"])
    bare = add_to_user_catalogue(own, "company", "novatek", "نوفاتك")
    assert (bare.name, bare.name_ar) == ("نوفاتك", "نوفاتك")


def test_an_alias_of_a_built_in_entity_is_appended_and_kept_with_the_rest(tmp_path):
    own = tmp_path / "entities.toml"
    own.write_text("# mine\n[[person]]\nid = \"ada\"\nname = \"Ada\"\n", "utf-8")
    entity = add_to_user_catalogue(own, "company", "nvidia", "انفيديه كورب")
    assert "انفيديه كورب" in entity.aliases and "إنفيديا" in entity.all_aliases
    text = own.read_text("utf-8")
    assert text.startswith("# mine\n[[person]]") and load_catalogue(own).get("ada")


@pytest.mark.parametrize(("content", "args", "message"), [
    ("company = [", ("company", "x", "س"), "malformed"),
    ('company = [{ id = "x", name = "X" }]\n', ("company", "x", "س"), "by hand"),
    ("", ("planet", "x", "س"), "unknown kind"),
    ("", ("company", "Bad Id", "س"), "slug"),
    ("", ("person", "nvidia", "س"), "is a company"),
])
def test_the_user_catalogue_is_never_damaged(tmp_path, content, args, message):
    own = tmp_path / "entities.toml"
    own.write_text(content, "utf-8")
    with pytest.raises(CatalogueError, match=message) as error:
        add_to_user_catalogue(own, *args)
    assert str(own) in str(error.value)
    assert own.read_text("utf-8") == content
    assert not list(tmp_path.glob(".*.tmp"))


def test_malformed_rules_and_context_are_reported_and_skipped(tmp_path):
    own = tmp_path / "entities.toml"
    own.write_text('[[company]]\nid = "x"\nname = "X"\ncontext = "nvidia"\n'
                   '[rules]\nbefore = "شركة"\n', "utf-8")
    catalogue = load_catalogue(own)
    assert any("[rules]" in w for w in catalogue.warnings)
    assert any("x: context" in w for w in catalogue.warnings)
    assert catalogue.get("x") and "x" not in catalogue.context
    assert catalogue.rules["before"] == load_catalogue(use_default_user_file=False
                                                       ).rules["before"]


def test_two_tables_with_one_id_in_a_file_add_up(tmp_path):
    own = tmp_path / "entities.toml"
    own.write_text('[[company]]\nid = "x"\nname = "X"\naliases = ["إكس ون"]\n'
                   '[[company]]\nid = "x"\nname = "X"\naliases = ["إكس 1"]\n', "utf-8")
    assert {"إكس ون", "إكس 1"} <= set(load_catalogue(own).get("x").aliases)


def test_a_query_joins_every_word_of_a_long_user_alias_into_the_name(tmp_path):
    from fahras.index.search import Engine, SearchRequest
    from fahras.index.store import Store

    user = tmp_path / "mine.toml"
    words = "الهيئة العامة للتنمية الرقمية والتقنيات المتقدمة في الخليج"  # eight words
    user.write_text(f'organisation = [{{ id = "gdda", name = "GDDA", ar = "{words}" }}]\n',
                    "utf-8")
    catalogue = load_catalogue(user, use_default_user_file=False)
    matcher = EntityMatcher(catalogue)
    assert matcher.longest_alias == 8
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("خبر\nأعلنت GDDA خطتها.", "utf-8")
    store = Store(tmp_path / "index", catalogue)
    store.add([tmp_path / "news"])
    # Joined into the name, the query finds the article that spells it GDDA.
    assert [r.id for r in Engine(store).search(SearchRequest(words)).results] == ["a"]
