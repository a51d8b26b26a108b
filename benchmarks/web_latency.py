"""Web latency: time every page of `newsdossier serve` on a 10k-article store against the 300 ms target.

The store is composed from the BBC texts in ../shared/data/bbc (2,225 articles, reused with a second
article's closing paragraph appended so each of the 10,000 texts differs; 8 outlets; dates over
2004-2005). The analysis tables are filled with synthetic rows in the shapes the extractors write
(names from capitalised words, quotes, numbers, years and months, entities, figure groups with
conflicts, reused passages), so the pages run the same queries they run on a real build; building 10k
articles with the model would take most of an hour on this machine and is not what is measured here.

Requests go through FastAPI's TestClient in process (routing, queries, Jinja rendering, no socket).

    uv run python benchmarks/web_latency.py              # 10,000 articles, 30 requests per page
    uv run python benchmarks/web_latency.py --quick      # 2,000 articles, 10 requests per page
    uv run python benchmarks/web_latency.py --quick --clients 20   # 20 concurrent clients over HTTP

With `--clients N`, `newsdossier serve` runs as its own process on 127.0.0.1 (a free port) and N threads
of this process, each its own HTTP client, request the pages at once; every page is requested `--requests` times by
every client. The table gives p50/p95/p99 per page and the number of errors (non-200 answers), and where the
machine's CPU went per request: the server's, the clients', and other processes' (the machine is shared).
Each client is one keep-alive `http.client` connection: with httpx, twenty client threads took 4-7 ms of CPU
per request (the server 0.3 ms for a cached page), a fifth of the two cores when the server was busiest;
http.client takes 0.3-0.6 ms. A request is timed from sending it to reading the whole body, as before.
`--pages REGEX` measures only the pages whose name matches.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "data" / "bbc"
TARGET_MS = 300.0
OUTLETS = ["Northfield Courier", "Harbour Times", "Valley Daily", "Metro Wire", "Coastline Post",
           "Capital Ledger", "Riverside Gazette", "Summit Review"]

_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")
_QUOTE = re.compile(r'"([^"\n]{15,400})"')
_NUMBER = re.compile(r"\b\d[\d,.]*(?:\s?(?:%|m|bn|million|billion))?")
_DATE = re.compile(r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)\b")
_SENT = re.compile(r"[^.!?\n]+[.!?]?")
_STOP = {"The", "But", "In", "It", "He", "She", "They", "We", "This", "A", "And", "Mr", "Mrs", "If", "As", "At"}


def read_bbc() -> list[tuple[str, str]]:
    if not BBC.is_dir():
        sys.exit(f"{BBC} is not available")
    out = []
    for path in sorted(BBC.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        title, _, body = text.strip().partition("\n")
        out.append((path.parent.name, title.strip() + "\n\n" + body.strip()))
    return out


def compose(n: int) -> list[dict]:
    base = read_bbc()
    base = base[: min(len(base), max(1, n // 2))]  # every base text is used at least twice: reuse pairs
    rnd = random.Random(7)
    arts = []
    for k in range(n):
        _, text = base[k % len(base)]
        rnd_round = k // len(base)
        if rnd_round:
            extra = base[(k * 7 + 131 * rnd_round) % len(base)][1].split("\n\n")
            text = text + "\n\n" + extra[-1]
        aid = hashlib.sha1(text.encode()).hexdigest()[:16]
        day = rnd.randrange(730)
        import datetime as dt

        arts.append({"id": aid, "text": text, "title": text.split("\n", 1)[0], "outlet": OUTLETS[k % len(OUTLETS)],
                     "published": dt.date(2004, 1, 1) + dt.timedelta(days=day), "k": k})
    seen, unique = set(), []
    for a in arts:
        if a["id"] not in seen:
            seen.add(a["id"])
            unique.append(a)
    return unique


def build_store(path: Path, n: int) -> dict:
    """Write the composed articles and synthetic analysis rows into a fresh store."""
    sys.path.insert(0, str(REPO / "src"))
    from newsdossier.article import Article
    from newsdossier.store import Store

    arts = compose(n)
    if path.exists():
        path.unlink()
    rows: dict[str, list[tuple]] = {t: [] for t in ("mentions", "mention_entities", "statements", "quantities",
                                                     "time_expressions", "events", "boilerplate")}
    names: dict[str, dict] = {}
    rnd = random.Random(11)
    for a in arts:
        text, aid = a["text"], a["id"]
        tl = len(a["title"])
        rows["boilerplate"].append((aid, "title", 0, tl, text[:tl]))
        sents = [(m.start(), m.end()) for m in _SENT.finditer(text)]
        def sent_of(pos, _s=sents):
            for s, e in _s:
                if s <= pos < e:
                    return s, e
            return 0, len(text)
        ments = []
        for m in _NAME.finditer(text):
            if m.group() in _STOP or m.start() < tl:
                continue
            s, e = sent_of(m.start())
            label = "PERSON" if " " in m.group() else "ORG"
            rows["mentions"].append((aid, m.start(), m.end(), m.group(), label, s, e))
            key = m.group().lower()
            ent = names.setdefault(key, {"id": hashlib.sha1(key.encode()).hexdigest()[:12], "name": m.group(),
                                         "type": label, "mentions": 0, "articles": set(), "outlets": set()})
            ent["mentions"] += 1
            ent["articles"].add(aid)
            ent["outlets"].add(a["outlet"])
            rows["mention_entities"].append((aid, m.start(), m.end(), m.group(), label, "ner", ent["id"]))
            ments.append((m.start(), m.end(), m.group()))
        for i, m in enumerate(_QUOTE.finditer(text)):
            after = [x for x in ments if x[0] > m.end()][:1]
            sp = after[0] if after and after[0][0] - m.end() < 30 else None
            rows["statements"].append((f"{aid}:s{i}", aid, "direct", False, "affirm", m.start(), m.end(), m.group(),
                                       sp[0] if sp else None, sp[1] if sp else None, sp[2] if sp else None, None,
                                       m.start(1), m.end(1), m.group(1)))
        for i, m in enumerate(_NUMBER.finditer(text)):
            try:
                value = float(m.group().split()[0].rstrip("%mbn.").replace(",", "") or "nan")
            except ValueError:
                continue
            s, e = sent_of(m.start())
            rows["quantities"].append((f"{aid}:q{i}", aid, m.start(), m.end(), m.group(), value, None, None, None,
                                       None, "count", None, None, None, "outlet", a["outlet"], None, "affirm", s, e))
        for i, m in enumerate(_DATE.finditer(text)):
            s, e = sent_of(m.start())
            year = int(m.group()) if m.group().isdigit() else a["published"].year
            import datetime as dt

            d0 = dt.date(min(max(year, 1900), 2100), 1, 1)
            rows["time_expressions"].append((f"{aid}:t{i}", aid, m.start(), m.end(), m.group(), "DATE", str(year),
                                             d0, d0.replace(month=12, day=31), True, s, e))
            actor = next((x for x in ments if s <= x[0] < e), None)
            rows["events"].append((f"{aid}:e{i}", aid, f"{aid}:t{i}", s, e, text[s:e], actor[0] if actor else None,
                                   actor[1] if actor else None, actor[2] if actor else None, "said", str(year), d0,
                                   d0.replace(month=12, day=31), None, None, None))
    by_k = {a["k"]: a for a in arts}
    reuse, clusters = [], []
    base_n = min(2225, max(1, n // 2))
    for a in arts:
        if a["k"] >= base_n and a["k"] - base_n in by_k:
            o = by_k[a["k"] - base_n]
            n_chars = len(o["text"])
            rid = hashlib.sha1((o["id"] + a["id"]).encode()).hexdigest()[:16]
            reuse.append((rid, o["id"], a["id"], 0, n_chars, o["text"], 0, n_chars, a["text"][:n_chars],
                          len(o["text"].split()), len(o["text"].split()), 1.0, 0.0, True, o["id"]))
            clusters.append((o["id"], a["id"], 0, n_chars, a["text"][:n_chars], a["published"], 2, False))
            clusters.append((o["id"], o["id"], 0, n_chars, o["text"], o["published"], 1, True))
    qrows = rows["quantities"]
    groups = []
    for g in range(300):
        members = rnd.sample(qrows, 6)
        vals = [m[5] for m in members]
        groups.append((f"g{g}", g + 1, "reported", "count", f"synthetic figure group {g}", 6, 6, 3,
                       rnd.randrange(1, 5), (max(vals) - min(vals)) / max(max(vals), 1), min(vals), max(vals),
                       [m[0] for m in members]))
    with Store.open(path) as st:
        st.insert([Article(id=a["id"], source=f"bbc#{a['k']}", format="txt", title=a["title"], title_start=0,
                           title_end=len(a["title"]), outlet=a["outlet"], dateline=None, published=a["published"],
                           author=None, url=None, body_start=len(a["title"]) + 2, body_end=len(a["text"]),
                           text=a["text"]) for a in arts])
        con = st.con
        ddl = {
            "mentions": 'article_id VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR, label VARCHAR, '
                        'sentence_start BIGINT, sentence_end BIGINT',
            "mention_entities": 'article_id VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR, label VARCHAR, '
                                'source VARCHAR, entity_id VARCHAR',
            "statements": 'id VARCHAR, article_id VARCHAR, kind VARCHAR, anonymous BOOLEAN, polarity VARCHAR, '
                          'start BIGINT, "end" BIGINT, text VARCHAR, speaker_start BIGINT, speaker_end BIGINT, '
                          'speaker_text VARCHAR, speaker_entity VARCHAR, content_start BIGINT, content_end BIGINT, '
                          'content_text VARCHAR',
            "quantities": 'id VARCHAR, article_id VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR, value DOUBLE, '
                          'low DOUBLE, high DOUBLE, hedge VARCHAR, unit VARCHAR, kind VARCHAR, counted_text VARCHAR, '
                          'counted_head VARCHAR, predicate VARCHAR, voice VARCHAR, voice_name VARCHAR, '
                          'statement_id VARCHAR, polarity VARCHAR, sentence_start BIGINT, sentence_end BIGINT',
            "time_expressions": 'id VARCHAR, article_id VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR, '
                                'type VARCHAR, value VARCHAR, earliest DATE, latest DATE, resolved BOOLEAN, '
                                'sentence_start BIGINT, sentence_end BIGINT',
            "events": 'id VARCHAR, article_id VARCHAR, time_expression_id VARCHAR, start BIGINT, "end" BIGINT, '
                      'text VARCHAR, actor_start BIGINT, actor_end BIGINT, actor_text VARCHAR, action VARCHAR, '
                      'value VARCHAR, earliest DATE, latest DATE, target_start BIGINT, target_end BIGINT, '
                      'target_text VARCHAR',
            "boilerplate": 'article_id VARCHAR, kind VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR',
            "entities": 'id VARCHAR, name VARCHAR, type VARCHAR, mention_count BIGINT, article_count BIGINT, '
                        'outlet_count BIGINT, outlets VARCHAR[], alias_count BIGINT',
            "entity_aliases": 'entity_id VARCHAR, alias VARCHAR, normalized VARCHAR, reason VARCHAR, score DOUBLE, '
                              'count BIGINT, via VARCHAR',
            "reuse": 'id VARCHAR, a_article_id VARCHAR, b_article_id VARCHAR, a_start BIGINT, a_end BIGINT, '
                     'a_text VARCHAR, b_start BIGINT, b_end BIGINT, b_text VARCHAR, a_words BIGINT, b_words BIGINT, '
                     'similarity DOUBLE, edit_ratio DOUBLE, exact BOOLEAN, cluster_id VARCHAR',
            "reuse_clusters": 'cluster_id VARCHAR, article_id VARCHAR, start BIGINT, "end" BIGINT, text VARCHAR, '
                              'published DATE, rank BIGINT, is_origin BOOLEAN, n_articles BIGINT DEFAULT 2, '
                              'exact BOOLEAN DEFAULT true, max_edit_ratio DOUBLE DEFAULT 0',
            "quantity_groups": 'id VARCHAR, rank BIGINT, predicate VARCHAR, category VARCHAR, label VARCHAR, '
                               'claims BIGINT, articles BIGINT, outlets BIGINT, conflicts BIGINT, '
                               'disagreement DOUBLE, low DOUBLE, high DOUBLE, quantity_ids VARCHAR[]',
        }
        for table, cols in ddl.items():
            con.execute(f'DROP TABLE IF EXISTS "{table}"')
            con.execute(f'CREATE TABLE "{table}" ({cols})')
        def put(table, data):
            if data:
                n = len(data[0])
                con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * n)})', data) if len(data) < 50 else \
                    _bulk(con, table, data)
        for table, data in rows.items():
            put(table, data)
        ents = [(e["id"], e["name"], e["type"], e["mentions"], len(e["articles"]), len(e["outlets"]),
                 sorted(e["outlets"]), 1) for e in names.values()]
        put("entities", ents)
        put("entity_aliases", [(e["id"], e["name"], e["name"].lower(), "canonical", 1.0, e["mentions"], None)
                               for e in names.values()])
        put("reuse", reuse)
        if clusters:
            _bulk(con, "reuse_clusters", clusters, columns='cluster_id, article_id, start, "end", text, published, rank, is_origin')
        put("quantity_groups", groups)
        # the web index, as the last link stage of a build would make it
        import datetime as dt

        from newsdossier.config import Settings
        from newsdossier.stages import LinkContext
        from newsdossier.store import Run
        from newsdossier.web.index import build_web_index

        st.insert([Run(1, "benchmark", dt.datetime.now(), dt.datetime.now(), len(arts), len(arts), 0, "done")])
        t0 = time.perf_counter()
        with st.transaction():
            build_web_index(LinkContext(st, Settings(), [a["id"] for a in arts]))
        print(f"web_index link stage: {time.perf_counter() - t0:.1f}s")
        counts = {t: st.scalar(f'SELECT count(*) FROM "{t}"')
                  for t in ["articles", *ddl, "web_spans", "web_entity_mentions", "search_terms"]}
        con.execute("CHECKPOINT")
    return counts


def _bulk(con, table, data, columns=None):
    import pyarrow as pa

    cols = list(zip(*data))
    batch = pa.table({f"c{i}": list(c) for i, c in enumerate(cols)})
    con.register("_bench_batch", batch)
    target = f'"{table}"' + (f" ({columns})" if columns else "")
    con.execute(f"INSERT INTO {target} SELECT * FROM _bench_batch")
    con.unregister("_bench_batch")


def page_makers(path: Path) -> list[tuple[str, Any]]:
    sys.path.insert(0, str(REPO / "src"))
    from newsdossier.store import Store

    with Store.open(path, read_only=True) as st:
        rnd = random.Random(3)
        article_ids = [r[0] for r in st.execute("SELECT id FROM articles").fetchall()]
        top_entity = st.scalar("SELECT id FROM entities ORDER BY article_count DESC LIMIT 1")
        mid_entities = [r[0] for r in st.execute(
            "SELECT id FROM entities WHERE article_count BETWEEN 5 AND 50 ORDER BY id LIMIT 200").fetchall()]
        pairs = st.execute("SELECT a_article_id, b_article_id FROM reuse ORDER BY id LIMIT 200").fetchall()
        entity_names = [r[0] for r in st.execute(
            "SELECT name FROM entities WHERE article_count BETWEEN 5 AND 50 ORDER BY id LIMIT 200").fetchall()]
        outlets = [r[0] for r in st.execute("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL "
                                            "ORDER BY 1").fetchall()]
    pages = [
        ("overview /", lambda: "/"),
        ("entities list", lambda: "/entities"),
        ("articles list", lambda: f"/articles?page={rnd.randrange(1, 50)}"),
        ("article (random)", lambda: f"/article/{rnd.choice(article_ids)}"),
        ("entity (top: most articles)", lambda: f"/entity/{top_entity}"),
        ("entity (random, 5-50 articles)", lambda: f"/entity/{rnd.choice(mid_entities)}"),
        ("reuse side by side", lambda: "/reuse/{}/{}".format(*rnd.choice(pairs))),
        ("search: one word", lambda: "/search?q=" + rnd.choice(["election", "market", "film", "broadband", "coach"])),
        ("search: two words", lambda: "/search?q=" + rnd.choice(["prime minister", "interest rates", "mobile phone"])),
        ("api overview", lambda: "/api/overview"),
        ("api article", lambda: f"/api/article/{rnd.choice(article_ids)}"),
        ("api search", lambda: "/api/search?q=growth"),
        ("search: an entity's name", lambda: "/search?q=" + rnd.choice(entity_names)),
    ]
    # the corpus pages, unfiltered and with each filter, and their downloads
    for name in ("statements", "conflicts", "timeline", "framing", "reuse", "network"):
        pages += [
            (f"/{name}", lambda name=name: f"/{name}"),
            (f"/{name} ?outlet", lambda name=name: f"/{name}?outlet=" + rnd.choice(outlets)),
            (f"/{name} ?entity", lambda name=name: f"/{name}?entity=" + rnd.choice(entity_names)),
            (f"/{name} ?since&until", lambda name=name: f"/{name}?since=2004-06-01&until=2005-06-30"),
            (f"/{name} csv", lambda name=name: f"/{name}?format=csv&outlet=" + rnd.choice(outlets)),
        ]
    return pages


def percentile(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, int(round(q * (len(times) - 1))))]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads (Linux /proc)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _busy_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (Linux /proc/stat: all but idle and iowait)."""
    import os

    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def measure_concurrent(path: Path, requests: int, clients: int, only: str | None = None, lookup: bool = True
                       ) -> list[tuple[str, float, float, float, int, float, float, float]]:
    """p50, p95, p99 (ms), errors, and CPU ms per request of the server, the clients and everything else
    on the machine, per page, `clients` threads at once against `newsdossier serve`.

    The server is its own process, started as a user starts it: clients in the server's process would
    share its interpreter lock and be measured as server time. The CPU columns say where the machine's
    time went: the server's (all its threads, from /proc), this process's (the clients'), and other
    processes' (the machine is shared: a busy neighbour shows here, not as server time)."""
    import http.client
    import socket
    import subprocess
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    pages = [(n, m) for n, m in page_makers(path) if only is None or re.search(only, n)]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = tempfile.TemporaryFile()  # a pipe left unread would stop the server once full
    server = subprocess.Popen([sys.executable, "-m", "newsdossier", "serve", "--store", str(path),
                               "--port", str(port), *([] if lookup else ["--no-lookup"])],
                              stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 300
    t_start = time.monotonic()
    while True:
        try:
            # measured once the point-lookup copy is ready (it is made in the background on a large store)
            status = httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=5)
            if status.status_code == 200 and status.json()["lookup"] != "building":
                print(f"server ready after {time.monotonic() - t_start:.1f}s; point-lookup copy: "
                      f"{status.json()['lookup']}")
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            log.seek(0)
            raise SystemExit("the server did not start: " + log.read().decode(errors="replace")[-2000:])
        time.sleep(0.2)
    base = f"http://127.0.0.1:{port}"
    out = []
    try:
        with httpx.Client(base_url=base, timeout=30) as warm:
            for _, make in pages:
                warm.get(make())
        for name, make in pages:
            # percent-encoded as httpx would send them (names hold spaces), before the clock starts
            urls = [[httpx.URL(base + make()).raw_path.decode() for _ in range(requests)] for _ in range(clients)]

            def run(batch: list[str]) -> tuple[list[float], int]:
                # one keep-alive connection per client, http.client: a request costs the client a tenth
                # of what httpx's costs, so twenty clients leave the two cores to the server
                times, errors = [], 0
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    for url in batch:
                        t0 = time.perf_counter()
                        conn.request("GET", url)
                        r = conn.getresponse()
                        r.read()
                        times.append((time.perf_counter() - t0) * 1000)
                        errors += r.status != 200
                finally:
                    conn.close()
                return times, errors

            server_cpu, client_cpu, busy = _cpu_seconds(server.pid), time.process_time(), _busy_seconds()
            with ThreadPoolExecutor(clients) as pool:
                results = list(pool.map(run, urls))
            server_cpu, client_cpu = _cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
            other = _busy_seconds() - busy - server_cpu - client_cpu
            times = [t for ts, _ in results for t in ts]
            n = len(times)
            out.append((name, statistics.median(times), percentile(times, 0.95), percentile(times, 0.99),
                        sum(e for _, e in results), 1000 * server_cpu / n, 1000 * client_cpu / n,
                        1000 * max(other, 0.0) / n))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return out


def measure(path: Path, requests: int) -> list[tuple[str, float, float, float]]:
    from fastapi.testclient import TestClient

    from newsdossier.web import create_app

    pages = page_makers(path)
    out = []
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        for name, make in pages:
            t0 = time.perf_counter()
            client.get(make())  # first request: templates compiled, whole-corpus pages computed
            first = (time.perf_counter() - t0) * 1000
            times = []
            for _ in range(requests):
                url = make()
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, (url, r.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            out.append((name, first, statistics.median(times), p95, max(times)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=30)
    ap.add_argument("--quick", action="store_true", help="2,000 articles, 10 requests per page")
    ap.add_argument("--store", type=Path, default=REPO / "benchmarks" / "results" / "web_latency.duckdb")
    ap.add_argument("--reuse-store", action="store_true", help="measure an existing --store without rebuilding")
    ap.add_argument("--clients", type=int, default=0, help="concurrent HTTP clients against a real server")
    ap.add_argument("--pages", help="with --clients: only the pages whose name matches this regular expression")
    ap.add_argument("--no-lookup", action="store_true", help="with --clients: serve without the SQLite point-lookup copy")
    args = ap.parse_args()
    if args.quick:
        args.articles, args.requests = 2_000, 10
        args.store = args.store.with_name("web_latency_quick.duckdb")
    args.store.parent.mkdir(parents=True, exist_ok=True)
    if not (args.reuse_store and args.store.exists()):
        t0 = time.perf_counter()
        counts = build_store(args.store, args.articles)
        print(f"store {args.store}: built in {time.perf_counter() - t0:.1f}s")
        print("  " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    if args.clients:
        rows = measure_concurrent(args.store, args.requests, args.clients, args.pages, not args.no_lookup)
        print(f"\n{args.clients} concurrent clients, {args.requests} requests each per page, uvicorn on 127.0.0.1")
        print("CPU ms per request: the server (all its threads), the clients (this process), other processes")
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'p95/target':>11}"
              f"       {'server':>7} {'clients':>7} {'other':>7}")
        for name, p50, p95, p99, errors, server_cpu, client_cpu, other in rows:
            flag = "ok" if p95 <= TARGET_MS and not errors else "SLOW" if errors == 0 else "ERRORS"
            print(f"{name:34} {p50:8.1f} {p95:8.1f} {p99:8.1f} {errors:7d} {p95 / TARGET_MS:10.2f}  {flag:6}"
                  f"{server_cpu:7.1f} {client_cpu:7.1f} {other:7.1f}")
        worst = max(r[2] for r in rows)
        within = sum(r[2] <= TARGET_MS and not r[4] for r in rows)
        print(f"\nworst p95 {worst:.1f} ms vs target {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}; "
              f"{within} of {len(rows)} pages within it, {sum(r[4] for r in rows)} errors")
        return
    results = measure(args.store, args.requests)
    print(f"\n{'page':34} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>8} {'p95/target':>11}")
    for name, first, p50, p95, mx in results:
        flag = "ok" if p95 <= TARGET_MS else "SLOW"
        print(f"{name:34} {first:9.1f} {p50:8.1f} {p95:8.1f} {mx:8.1f} {TARGET_MS:8.0f} {p95 / TARGET_MS:10.2f}  {flag}")
    worst = max(r[3] for r in results)
    print(f"\nworst p95 {worst:.1f} ms vs target {TARGET_MS:.0f} ms: {'met' if worst <= TARGET_MS else 'NOT met'}")


if __name__ == "__main__":
    main()
