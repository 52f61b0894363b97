import sys, shutil, tempfile
sys.path.insert(0, ".")
from pathlib import Path
from index.catalogue import load_catalogue
from index.store import Store
from index.search import Engine
from tests.index.relevance import ARTICLES, evaluate, means
root = Path(tempfile.mkdtemp())
shutil.copy(ARTICLES, root / ARTICLES.name)
store = Store(root / "index", load_catalogue(use_default_user_file=False))
store.add([root / ARTICLES.name])
scored = evaluate(Engine(store))
for s in scored:
    if s.precision < 1 or s.recall < 1:
        print(f"{s.query.text:30} P={s.precision:.2f} R={s.recall:.2f} shown={' '.join(x for x in s.shown)} missing={' '.join(sorted(s.query.relevant - set(s.shown)))}")
print("precision %.3f recall %.3f" % means(scored))
shutil.rmtree(root)
