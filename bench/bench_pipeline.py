"""Pipeline throughput on Reuters-21578 next to the bare spaCy model, in the same run.

Takes the first ``--limit`` Reuters articles (all 15,780 by default), then times

1. bare spaCy: ``spacy.load(model)`` and ``nlp.pipe(texts, n_process=P, batch_size=B)``
   over exactly the texts the pipeline stores (consumed, every doc's entities read);
2. the whole pipeline, ``components.pipeline.process`` (ingest, NER + gazetteer and
   statements from the same parse, canonical actors, stories, topics, store, full-text
   index), into a fresh store, with the same processes and batch size, and the time of
   each of its stages ("Finding actors" includes the statements: one spaCy pass).

It prints articles/s and words/s of both and the ratio pipeline / bare (target >= 0.85),
and writes one JSON record to ``bench/results/pipeline.json``. Asserts nothing.

The machine may be shared: the wall-clock ratio moves with other jobs' load. Both runs
also report their CPU seconds (this process and its spaCy worker processes, user +
system), and the CPU ratio bare / pipeline, which the load moves much less.

Usage::

    python bench/bench_pipeline.py --limit 3000
    python bench/bench_pipeline.py                # all of Reuters: several minutes on 2 cores
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REUTERS = ROOT.parent / "shared" / "corpora" / "reuters-21578" / "articles.jsonl"


def sample(corpus: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` records of ``corpus`` as a JSONL file in ``folder``."""
    out = folder / corpus.name
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if limit is not None and i >= limit:
                break
            dst.write(line)
    return out


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished (joined) child processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bare_spacy(texts: list[str], model: str, n_process: int, batch_size: int) -> dict:
    import spacy

    cpu0 = cpu_seconds()
    t = time.perf_counter()
    nlp = spacy.load(model)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    n_ents = 0
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        n_ents += len(doc.ents)
    t_pipe = time.perf_counter() - t
    return {"load_s": round(t_load, 3), "pipe_s": round(t_pipe, 3), "seconds": round(t_load + t_pipe, 3),
            "cpu_s": round(cpu_seconds() - cpu0, 3), "entities": n_ents, "components": list(nlp.pipe_names)}


def pipeline(path: Path, out: Path, n_process: int) -> dict:
    from components.build.pipeline import process

    marks: list[tuple[str, float, float]] = []

    def progress(stage: str, _frac: float):
        if not marks or marks[-1][0] != stage:
            marks.append((stage, time.perf_counter(), cpu_seconds()))

    cpu0 = cpu_seconds()
    t0 = time.perf_counter()
    summary = process([path], out, rebuild=True, n_process=n_process, progress=progress)
    end, cpu_end = time.perf_counter(), cpu_seconds()
    stages, stages_cpu = {}, {}
    points = [("Starting", t0, cpu0)] + marks + [("end", end, cpu_end)]
    for (name, t, c), (_, t_next, c_next) in zip(points, points[1:]):
        if name != "Done":
            stages[name] = round(stages.get(name, 0.0) + t_next - t, 3)
            # spaCy's worker processes count once joined, at the end of the stage that ran them
            stages_cpu[name] = round(stages_cpu.get(name, 0.0) + c_next - c, 3)
    return {"seconds": round(end - t0, 3), "cpu_s": round(cpu_end - cpu0, 3), "stored": summary.stored,
            "stages": stages, "stages_cpu_s": stages_cpu}


def main(argv: list[str] | None = None) -> int:
    from components import settings
    from make_store import machine, save_record

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--limit", type=int, default=None, help="first N Reuters articles (default: all)")
    p.add_argument("--corpus", default=str(REUTERS), help="JSONL corpus (default: the shared Reuters-21578)")
    p.add_argument("--processes", type=int, default=None, help="spaCy processes for both (setting n_process)")
    p.add_argument("--json", default=str(ROOT / "bench" / "results" / "pipeline.json"), help="record path")
    args = p.parse_args(argv)
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"error: corpus not found: {corpus} (the shared corpora must sit beside the repository)",
              file=sys.stderr)
        return 2
    n_process = args.processes or settings.get("n_process")
    batch_size = settings.get("batch_size")
    model = settings.get("spacy_model")
    before = machine()
    with tempfile.TemporaryDirectory(prefix="wirescope-bench-pipeline-") as tmp:
        tmp = Path(tmp)
        path = sample(corpus, args.limit, tmp)
        from components.build.ingest import read_articles

        arts = read_articles([path]).articles
        texts = arts["text"].tolist()
        n_art = len(texts)
        n_words = sum(len(t.split()) for t in texts)
        print(f"{n_art:,} articles, {n_words:,} words from {corpus.parent.name} (model {model}, "
              f"{n_process} processes, batch {batch_size})", flush=True)
        bare = bare_spacy(texts, model, n_process, batch_size)
        print(f"bare spaCy: {bare['seconds']:.1f} s (load {bare['load_s']:.1f} s) = "
              f"{n_art / bare['seconds']:,.1f} articles/s, {n_words / bare['seconds']:,.0f} words/s", flush=True)
        pipe = pipeline(path, tmp / "store", n_process)
        print(f"pipeline:   {pipe['seconds']:.1f} s = {n_art / pipe['seconds']:,.1f} articles/s, "
              f"{n_words / pipe['seconds']:,.0f} words/s ({pipe['stored']:,} stored)", flush=True)
    ratio = bare["seconds"] / pipe["seconds"]
    ratio_pipe = bare["pipe_s"] / pipe["seconds"]
    print("stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in pipe["stages"].items())
          + " (Finding actors includes the statements, taken from the same parse)")
    print(f"ratio pipeline / bare spaCy: {ratio:.2f} (against the bare pipe alone, without loading the model: "
          f"{ratio_pipe:.2f}); target >= 0.85 -> {'met' if ratio >= 0.85 else 'MISSED'}")
    ratio_cpu = bare["cpu_s"] / pipe["cpu_s"] if pipe["cpu_s"] else 0.0
    print(f"CPU seconds (all processes): bare spaCy {bare['cpu_s']:.1f}, pipeline {pipe['cpu_s']:.1f}; "
          f"ratio {ratio_cpu:.2f}; by stage: " + ", ".join(f"{k} {v:.1f}" for k, v in pipe["stages_cpu_s"].items()))
    after = machine()
    print(f"machine: {before['cores']} cores, {before['cpu']}, {before['memory']}; load {before['load_1_5_15']} "
          f"before, {after['load_1_5_15']} after")
    rec = {"corpus": str(corpus), "articles": n_art, "words": n_words, "model": model, "n_process": n_process,
           "batch_size": batch_size, "bare_spacy": {**bare, "articles_per_s": round(n_art / bare["seconds"], 2),
                                                    "words_per_s": round(n_words / bare["seconds"], 1)},
           "pipeline": {**pipe, "articles_per_s": round(n_art / pipe["seconds"], 2),
                        "words_per_s": round(n_words / pipe["seconds"], 1)},
           "ratio": round(ratio, 3), "ratio_vs_pipe_only": round(ratio_pipe, 3), "ratio_cpu": round(ratio_cpu, 3),
           "machine": {**before, "load_after": after["load_1_5_15"]}}
    save_record(rec, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
